import type { Schemas } from "@qdrant/js-client-rest";

/**
 * What every knowledge collection looks like, in one place: the BM25 sparse vector always,
 * the `dense` vector when the store has an embedder, the keyword indexes, and how one point's
 * vectors are written.
 */

/** Name of the sparse vector holding BM25 terms. */
export const SPARSE_VECTOR = "bm25";

/** Name of the dense vector, present when the collection was created with an embedder. */
export const DENSE_VECTOR = "dense";

/** Qdrant (≥ 1.15) tokenises, stems and hashes text server-side for this model. */
export const BM25_MODEL = "qdrant/bm25";

/** Payload keys filtered on exactly; keyword indexes keep those filters fast. */
export const KEYWORD_INDEXES = ["task_id", "team", "agent", "model", "kind", "source", "tags", "collection"] as const;

/** Collection metadata key recording which embedder wrote the dense vectors ("openai/text-embedding-3-small"). */
export const DENSE_MODEL_KEY = "dense_model";

/** The dense side of a collection: its size and the embedder that fills it. */
export interface DenseSpec {
  dimensions: number;
  /** `provider/model`, kept in the collection's metadata. */
  model: string;
}

/** Body of PUT /collections/{name}. */
export function collectionConfig(dense?: DenseSpec): Schemas["CreateCollection"] {
  // IDF must be applied at query time across the whole collection; the modifier asks for it.
  const sparse = { sparse_vectors: { [SPARSE_VECTOR]: { modifier: "idf" as const } } };
  if (!dense) return sparse;
  return {
    vectors: { [DENSE_VECTOR]: { size: dense.dimensions, distance: "Cosine" } },
    ...sparse,
    // Vectors of two models are not comparable even at one size; the metadata says whose these are.
    metadata: { [DENSE_MODEL_KEY]: dense.model },
  };
}

/** Named vectors of one point: BM25 computed by Qdrant from its text, and the dense vector when given. */
export function vectorsFor(text: string, dense?: number[]): Record<string, Schemas["Document"] | number[]> {
  return dense ? { [SPARSE_VECTOR]: documentFor(text), [DENSE_VECTOR]: dense } : { [SPARSE_VECTOR]: documentFor(text) };
}

/** A text the server turns into a BM25 sparse vector (for points and for queries alike). */
export function documentFor(text: string): Schemas["Document"] {
  return { text, model: BM25_MODEL };
}
