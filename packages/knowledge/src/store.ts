import type { Logger } from "@flotilla/log";
import { createQdrantClient } from "./client.ts";
import { ensureCollections } from "./collections.ts";
import { denseCollections } from "./dense.ts";
import type { Embedder } from "./embedders/types.ts";
import { embeddingFailure, knowledgeFailure } from "./errors.ts";
import { countPoints, deleteByFilter, deletePoints, listPoints, retrievePoints, upsertPoints } from "./points.ts";
import { queryEmbeddings, searchCollection } from "./search.ts";
import type { KnowledgePoint, KnowledgeStore } from "./types.ts";
import { wellFormedJson } from "./well-formed.ts";
import type { KnowledgeMeter } from "./meter.ts";
import { onFreshConnection } from "./stale-connection.ts";

export interface KnowledgeStoreOptions {
  /** Qdrant REST url, e.g. http://127.0.0.1:6333. */
  url: string;
  apiKey?: string;
  logger: Logger;
  /** Per-request timeout; 60 s when omitted (the client's own default is 5 minutes). */
  timeoutMs?: number;
  /** Adds dense vectors and hybrid search (see `embedderFromEnv`); BM25 only when omitted. */
  embedder?: Embedder;
  /** Hears of every request (the bench's I/O profile); none by default. */
  meter?: KnowledgeMeter;
}

/**
 * The knowledge store over Qdrant: BM25 computed by the server, plus dense vectors fused with
 * it (RRF, by Qdrant's Query API) when given an embedder; payload filters; every failure a
 * KnowledgeError naming the operation and collection.
 *
 * @example
 * const embedder = await embedderFromEnv(process.env, { logger }); // undefined: BM25 only
 * const store = createKnowledgeStore({ url: config.QDRANT_URL, logger, embedder });
 * await store.ensureCollections(["coding_standards"]);
 * await store.upsert("coding_standards", [{ id, text: chunk, payload: { source: "docs/style.md", tags: ["api"] } }]);
 * const hits = await store.search("coding_standards", "how to name endpoints", { filter: { tags: ["api", "naming"] } });
 */
export function createKnowledgeStore(opts: KnowledgeStoreOptions): KnowledgeStore {
  const logger = opts.logger.child({ component: "knowledge" });
  const client = createQdrantClient({
    url: opts.url,
    apiKey: opts.apiKey,
    logger,
    timeoutMs: opts.timeoutMs ?? 60_000,
  });
  const { embedder } = opts;
  const meter: KnowledgeMeter = opts.meter ?? (() => undefined);
  const dense = denseCollections(client, embedder, logger);
  const search = { client, dense, logger, queryVector: embedder && queryEmbeddings(embedder) };

  // One wrapper so every operation fails the same way, with its name and collection.
  async function run<T>(operation: string, collection: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await onFreshConnection(fn);
    } catch (error) {
      const failure = knowledgeFailure(operation, collection, error);
      logger.debug({ err: failure, operation, collection }, "knowledge operation failed");
      throw failure;
    }
  }

  async function upsert(collection: string, given: KnowledgePoint[]): Promise<void> {
    // Texts arrive from anywhere (a task text may hold a lone surrogate): clean them at this boundary.
    const points = given.map((p) => ({ id: p.id, text: wellFormedJson(p.text), payload: wellFormedJson(p.payload) }));
    let vectors: number[][] | undefined;
    if (embedder && points.length > 0 && (await dense.usable(collection))) {
      // Nothing is written unless every point has its dense vector: the caller retries the lot.
      vectors = await embedder.embed(points.map((p) => p.text)).catch((error: unknown) => {
        throw embeddingFailure("upsert", collection, error);
      });
    }
    meter("upsert", collection, points.length);
    await upsertPoints(client, collection, points, vectors);
  }

  return {
    // Errors are already wrapped per collection inside, so no outer `run`.
    ensureCollections: (names) => ensureCollections(client, names, logger, dense),
    upsert: (collection, points) => run("upsert", collection, () => upsert(collection, points)),
    search: (collection, query, searchOpts) => {
      meter("search", collection);
      return run("search", collection, () => searchCollection(search, collection, query, searchOpts));
    },
    list: (collection, filter, limit) =>
      run("list", collection, () => listPoints(client, collection, filter, limit, (n) => meter("list", collection, n))),
    count: (collection, filter) => {
      meter("count", collection);
      return run("count", collection, () => countPoints(client, collection, filter));
    },
    retrieve: (collection, ids) => {
      meter("retrieve", collection, ids.length);
      return run("retrieve", collection, () => retrievePoints(client, collection, ids));
    },
    deleteByFilter: (collection, filter) => {
      meter("delete", collection);
      return run("deleteByFilter", collection, () => deleteByFilter(client, collection, filter));
    },
    deletePoints: (collection, ids) => {
      meter("delete", collection, ids.length);
      return run("deletePoints", collection, () => deletePoints(client, collection, ids));
    },
    deleteCollection: (name) =>
      run("deleteCollection", name, async () => {
        dense.forget(name);
        await client.deleteCollection(name);
      }),
  };
}
