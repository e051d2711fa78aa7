import type { Schemas } from "@qdrant/js-client-rest";
import type { QdrantApi as QdrantClient } from "./qdrant-rest.ts";
import { wellFormedText } from "@flotilla/contracts";
import type { Logger } from "@flotilla/log";
import type { DenseCollections } from "./dense.ts";
import type { Embedder } from "./embedders/types.ts";
import { embeddingFailure, KnowledgeError } from "./errors.ts";
import { toQdrantFilter } from "./filter.ts";
import { toRecord } from "./points.ts";
import { DENSE_VECTOR, documentFor, SPARSE_VECTOR } from "./schema.ts";
import type { KnowledgeHit, SearchOptions } from "./types.ts";

const DEFAULT_LIMIT = 10;
/** Candidates each side brings to the fusion, per result wanted. */
export const PREFETCH_FACTOR = 4;

type QueryRequest = Schemas["QueryRequest"];

export function sparseRequest(query: string, opts: SearchOptions): QueryRequest {
  return {
    query: documentFor(query),
    using: SPARSE_VECTOR,
    filter: toQdrantFilter(opts.filter),
    limit: opts.limit ?? DEFAULT_LIMIT,
    with_payload: true,
  };
}

export function denseRequest(vector: number[], opts: SearchOptions): QueryRequest {
  return {
    query: vector,
    using: DENSE_VECTOR,
    filter: toQdrantFilter(opts.filter),
    limit: opts.limit ?? DEFAULT_LIMIT,
    with_payload: true,
  };
}

/**
 * BM25 and dense candidates fused by Qdrant (RRF); the filter goes into each prefetch so both
 * spend their candidates on eligible points.
 */
export function hybridRequest(query: string, vector: number[], opts: SearchOptions): QueryRequest {
  const limit = opts.limit ?? DEFAULT_LIMIT;
  const filter = toQdrantFilter(opts.filter);
  const each = { limit: limit * PREFETCH_FACTOR, ...(filter ? { filter } : {}) };
  return {
    prefetch: [
      { query: documentFor(query), using: SPARSE_VECTOR, ...each },
      { query: vector, using: DENSE_VECTOR, ...each },
    ],
    query: { fusion: "rrf" },
    limit,
    with_payload: true,
  };
}

/**
 * Query vectors by text, remembered for the last `size` queries: one search often runs over
 * several collections at once, and the text is embedded once for all of them.
 */
export function queryEmbeddings(embedder: Embedder, size = 128): (text: string) => Promise<number[]> {
  const cache = new Map<string, Promise<number[]>>();
  return (text) => {
    let vector = cache.get(text);
    if (vector) {
      cache.delete(text); // re-inserted below: most recent last
    } else {
      vector = embedder.embed([text]).then((v) => v[0]!);
      vector.catch(() => cache.delete(text));
    }
    cache.set(text, vector);
    if (cache.size > size) cache.delete(cache.keys().next().value!);
    return vector;
  };
}

export interface SearchDeps {
  client: QdrantClient;
  dense: DenseCollections;
  queryVector?: (text: string) => Promise<number[]>;
  logger: Logger;
}

async function run(client: QdrantClient, collection: string, request: QueryRequest): Promise<KnowledgeHit[]> {
  const res = await client.query(collection, request);
  return res.points.map((p) => ({ ...toRecord(p), score: p.score }));
}

/**
 * `hybrid` (the default) fuses BM25 and dense when the collection has this store's dense
 * vector, and is plain BM25 otherwise — or when embedding the query fails, so agents keep
 * retrieving while a provider is down (logged). `dense` has no such fallback: it fails.
 */
export async function searchCollection(
  deps: SearchDeps,
  collection: string,
  text: string,
  opts: SearchOptions = {},
): Promise<KnowledgeHit[]> {
  // A lone surrogate in the query would make Qdrant refuse the request.
  const query = wellFormedText(text);
  const using = opts.using ?? "hybrid";
  if (using === "sparse") return run(deps.client, collection, sparseRequest(query, opts));
  const usable = deps.queryVector !== undefined && (await deps.dense.usable(collection));
  if (!usable || !deps.queryVector) {
    if (using === "dense") {
      throw new KnowledgeError(
        `knowledge search on collection "${collection}" failed: ` +
          `dense search needs an embedder and a collection with its "${DENSE_VECTOR}" vector`,
        {
          operation: "search",
          collection,
        },
      );
    }
    return run(deps.client, collection, sparseRequest(query, opts));
  }
  let vector: number[];
  try {
    vector = await deps.queryVector(query);
  } catch (error) {
    const failure = embeddingFailure("search", collection, error);
    if (using === "dense") throw failure;
    deps.logger.warn({ collection, reason: failure.message }, "query embedding failed: searching with BM25 only");
    return run(deps.client, collection, sparseRequest(query, opts));
  }
  return run(
    deps.client,
    collection,
    using === "dense" ? denseRequest(vector, opts) : hybridRequest(query, vector, opts),
  );
}
