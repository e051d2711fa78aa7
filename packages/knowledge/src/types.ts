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
  /** BM25 score; higher is better, comparable only within one query. */
  score: number;
}

export interface SearchOptions {
  /** Most hits to return; 10 when omitted. */
  limit?: number;
  filter?: PayloadFilter;
}

/** The knowledge seam: everything else depends on this, not on Qdrant. */
export interface KnowledgeStore {
  /** Creates missing collections (BM25 sparse vector + keyword indexes); idempotent, race-safe. */
  ensureCollections(names: string[]): Promise<void>;
  /** Writes points and waits until they are durable. */
  upsert(collection: string, points: KnowledgePoint[]): Promise<void>;
  /** BM25 search, best first, optionally restricted by exact payload matches. */
  search(collection: string, query: string, opts?: SearchOptions): Promise<KnowledgeHit[]>;
  /** Every point matching `filter` (all pages), up to `limit` when given. */
  list(collection: string, filter: PayloadFilter, limit?: number): Promise<KnowledgeRecord[]>;
  /** Exact number of points matching `filter`. */
  count(collection: string, filter?: PayloadFilter): Promise<number>;
  /** The points with these ids, in the order asked; missing ids are left out. */
  retrieve(collection: string, ids: string[]): Promise<KnowledgeRecord[]>;
  /** Drops a collection (tests, resets); no error when it does not exist. */
  deleteCollection(name: string): Promise<void>;
}
