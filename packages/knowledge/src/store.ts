import type { Logger } from "@flotilla/log";
import { createQdrantClient } from "./client.ts";
import { ensureCollections } from "./collections.ts";
import { knowledgeFailure } from "./errors.ts";
import { countPoints, listPoints, retrievePoints, searchPoints, upsertPoints } from "./points.ts";
import type { KnowledgeStore } from "./types.ts";

export interface KnowledgeStoreOptions {
  /** Qdrant REST url, e.g. http://127.0.0.1:6333. */
  url: string;
  apiKey?: string;
  logger: Logger;
  /** Per-request timeout; 60 s when omitted (the client's own default is 5 minutes). */
  timeoutMs?: number;
}

/**
 * The knowledge store over Qdrant: BM25 search computed by the server, exact-match filters,
 * every failure a KnowledgeError naming the operation and collection.
 *
 * @example
 * const store = createKnowledgeStore({ url: config.QDRANT_URL, logger });
 * await store.ensureCollections(["team_votes"]);
 * await store.upsert("team_votes", [{ id, text: ballot.rationale, payload: { team: "qa" } }]);
 * const hits = await store.search("team_votes", "missing tests", { filter: { team: "qa" } });
 */
export function createKnowledgeStore(opts: KnowledgeStoreOptions): KnowledgeStore {
  const logger = opts.logger.child({ component: "knowledge" });
  const client = createQdrantClient({ url: opts.url, apiKey: opts.apiKey, logger, timeoutMs: opts.timeoutMs ?? 60_000 });

  // One wrapper so every operation fails the same way, with its name and collection.
  async function run<T>(operation: string, collection: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const failure = knowledgeFailure(operation, collection, error);
      logger.debug({ err: failure, operation, collection }, "knowledge operation failed");
      throw failure;
    }
  }

  return {
    // Errors are already wrapped per collection inside, so no outer `run`.
    ensureCollections: (names) => ensureCollections(client, names, logger),
    upsert: (collection, points) => run("upsert", collection, () => upsertPoints(client, collection, points)),
    search: (collection, query, searchOpts) => run("search", collection, () => searchPoints(client, collection, query, searchOpts)),
    list: (collection, filter, limit) => run("list", collection, () => listPoints(client, collection, filter, limit)),
    count: (collection, filter) => run("count", collection, () => countPoints(client, collection, filter)),
    retrieve: (collection, ids) => run("retrieve", collection, () => retrievePoints(client, collection, ids)),
    deleteCollection: (name) => run("deleteCollection", name, async () => void (await client.deleteCollection(name))),
  };
}
