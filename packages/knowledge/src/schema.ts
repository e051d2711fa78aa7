import type { Schemas } from "@qdrant/js-client-rest";

/**
 * What every knowledge collection looks like. One place on purpose: the dense-vector issue
 * adds a named dense vector here (`vectors: { dense: { size, distance: "Cosine" } }`), a
 * `dense` entry in `vectorsFor`, and a prefetch + RRF fusion in search; nothing else moves.
 */

/** Name of the sparse vector holding BM25 terms. */
export const SPARSE_VECTOR = "bm25";

/** Qdrant (≥ 1.15) tokenises, stems and hashes text server-side for this model. */
export const BM25_MODEL = "qdrant/bm25";

/** Payload keys filtered on exactly; keyword indexes keep those filters fast. */
export const KEYWORD_INDEXES = ["task_id", "team", "agent", "model", "kind", "source"] as const;

/** Body of PUT /collections/{name}. */
export function collectionConfig(): Schemas["CreateCollection"] {
  return {
    // IDF must be applied at query time across the whole collection; the modifier asks for it.
    sparse_vectors: { [SPARSE_VECTOR]: { modifier: "idf" } },
  };
}

/** Named vectors of one point, computed by Qdrant from its text. */
export function vectorsFor(text: string): Record<string, Schemas["Document"]> {
  return { [SPARSE_VECTOR]: documentFor(text) };
}

/** A text the server turns into a BM25 sparse vector (for points and for queries alike). */
export function documentFor(text: string): Schemas["Document"] {
  return { text, model: BM25_MODEL };
}
