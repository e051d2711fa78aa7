import type { PayloadFilter } from "./filter.ts";

/** A point to store: `text` is indexed for BM25 and also kept in the payload. */
export interface KnowledgePoint {
  /** A UUID; deterministic (v5) ids make re-delivered messages idempotent. */
  id: string;
  text: string;
  payload: Record<string, unknown>;
}

export interface KnowledgeRecord {
  id: string;
  payload: Record<string, unknown>;
}

export interface KnowledgeHit extends KnowledgeRecord {
  /**
   * Higher is better, comparable only within one query: BM25 for a sparse search, cosine
   * similarity for a dense one, the reciprocal-rank-fusion score for a hybrid one.
   */
  score: number;
}

/**
 * `hybrid`: BM25 and dense candidates fused by Qdrant (RRF) — BM25 alone when the store has no
 * embedder, the collection no dense vector, or the query cannot be embedded. `sparse`: BM25
 * only. `dense`: the dense vector only; fails when it is not available.
 */
export type SearchMode = "hybrid" | "sparse" | "dense";

export interface SearchOptions {
  /** Most hits to return; 10 when omitted. */
  limit?: number;
  filter?: PayloadFilter;
  /** `hybrid` when omitted. */
  using?: SearchMode;
}

/** The knowledge seam: everything else depends on this, not on Qdrant. */
export interface KnowledgeStore {
  /**
   * Creates missing collections (BM25 sparse vector, the `dense` vector when the store has an
   * embedder, keyword indexes); idempotent, race-safe. An existing collection without a
   * matching dense vector is kept and searched with BM25 only (one warning).
   */
  ensureCollections(names: string[]): Promise<void>;
  /** Writes points (embedding their texts first when the collection has a dense vector) and waits until they are applied. */
  upsert(collection: string, points: KnowledgePoint[]): Promise<void>;
  /** Search, best first (hybrid by default, see SearchMode), optionally restricted by a payload filter. */
  search(collection: string, query: string, opts?: SearchOptions): Promise<KnowledgeHit[]>;
  /** Every point matching `filter` (all pages), up to `limit` when given. */
  list(collection: string, filter: PayloadFilter, limit?: number): Promise<KnowledgeRecord[]>;
  /** Exact number of points matching `filter`. */
  count(collection: string, filter?: PayloadFilter): Promise<number>;
  /** The points with these ids, in the order asked; missing ids are left out. */
  retrieve(collection: string, ids: string[]): Promise<KnowledgeRecord[]>;
  /** Deletes the points `filter` matches and waits until applied; an empty filter is refused. */
  deleteByFilter(collection: string, filter: PayloadFilter): Promise<void>;
  /** Deletes these points (unknown ids are no error) and waits until applied. */
  deletePoints(collection: string, ids: string[]): Promise<void>;
  /** Drops a collection (tests, resets); no error when it does not exist. */
  deleteCollection(name: string): Promise<void>;
}
