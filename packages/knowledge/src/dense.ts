import type { Schemas } from "@qdrant/js-client-rest";
import type { QdrantApi as QdrantClient } from "./qdrant-rest.ts";
import type { Logger } from "@flotilla/log";
import type { Embedder } from "./embedders/types.ts";
import { DENSE_MODEL_KEY, DENSE_VECTOR, type DenseSpec } from "./schema.ts";

type CollectionInfo = Schemas["CollectionInfo"];

export function denseSpecOf(embedder: Embedder | undefined): DenseSpec | undefined {
  return embedder && { dimensions: embedder.dimensions, model: `${embedder.provider}/${embedder.model}` };
}

/** Why this collection cannot hold the embedder's vectors, or undefined when it can. */
export function denseMismatch(info: CollectionInfo, spec: DenseSpec): string | undefined {
  const vectors = info.config.params.vectors as Record<string, unknown> | undefined;
  const dense = vectors?.[DENSE_VECTOR] as { size?: unknown } | undefined;
  if (typeof dense?.size !== "number") return "it was created without a dense vector";
  if (dense.size !== spec.dimensions)
    return `its dense vector has ${dense.size} dimensions, the embedder gives ${spec.dimensions}`;
  const model = (info.config.metadata as Record<string, unknown> | null | undefined)?.[DENSE_MODEL_KEY];
  if (typeof model === "string" && model !== spec.model)
    return `its dense vectors come from ${model}, the embedder is ${spec.model}`;
  return undefined;
}

/** Which collections take this store's dense vectors. */
export interface DenseCollections {
  readonly spec: DenseSpec | undefined;
  /** What ensureCollections read anyway, so no second request. */
  record(name: string, info: CollectionInfo): void;
  /** Whether upserts embed and searches fuse for this collection; asks Qdrant once per collection. */
  usable(name: string): Promise<boolean>;
  forget(name: string): void;
}

/**
 * A collection that cannot hold the embedder's vectors (made before there was one, or by
 * another model) keeps working on BM25 alone: one warning per collection, never an error.
 * Without an embedder nothing is asked of Qdrant at all.
 */
export function denseCollections(
  client: QdrantClient,
  embedder: Embedder | undefined,
  logger: Logger,
): DenseCollections {
  const spec = denseSpecOf(embedder);
  const known = new Map<string, Promise<boolean>>();
  const warned = new Set<string>();

  function judge(name: string, info: CollectionInfo): boolean {
    const why = spec && denseMismatch(info, spec);
    if (why && !warned.has(name)) {
      warned.add(name);
      logger.warn(
        { collection: name, reason: why },
        "knowledge collection searched with BM25 only: delete it and re-ingest to add dense vectors",
      );
    }
    return !why;
  }

  return {
    spec,
    record(name, info) {
      if (spec) known.set(name, Promise.resolve(judge(name, info)));
    },
    usable(name) {
      if (!spec) return Promise.resolve(false);
      let verdict = known.get(name);
      if (!verdict) {
        verdict = client.getCollection(name).then((info) => judge(name, info));
        known.set(name, verdict);
        // A failed look-up (Qdrant down, no such collection yet) is asked again next time.
        verdict.catch(() => known.delete(name));
      }
      return verdict;
    },
    forget(name) {
      known.delete(name);
      warned.delete(name);
    },
  };
}
