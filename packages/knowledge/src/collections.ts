import type { QdrantApi as QdrantClient } from "./qdrant-rest.ts";
import { statusOf } from "@flotilla/errors";
import type { Logger } from "@flotilla/log";
import { KnowledgeError, knowledgeFailure } from "./errors.ts";
import type { DenseCollections } from "./dense.ts";
import { collectionConfig, KEYWORD_INDEXES, SPARSE_VECTOR, type DenseSpec } from "./schema.ts";

// Five team processes create the same collections at start; the loser of that race gets
// 409 "already exists" (older servers: 400 with the same words). Both mean "done".
function alreadyExists(error: unknown): boolean {
  const status = statusOf(error);
  if (status === 409) return true;
  const text = JSON.stringify((error as { data?: unknown } | null)?.data ?? "");
  return status === 400 && /already exists/i.test(text);
}

async function createCollection(
  client: QdrantClient,
  name: string,
  logger: Logger,
  dense: DenseSpec | undefined,
): Promise<void> {
  try {
    await client.createCollection(name, collectionConfig(dense));
    logger.info({ collection: name, dense: dense?.model ?? null }, "created knowledge collection");
  } catch (error) {
    if (!alreadyExists(error)) throw knowledgeFailure("ensureCollections", name, error);
  }
}

// A collection made by hand or by an older build may lack the BM25 vector; every search on
// it would fail later with a vaguer message, so say it now. A missing or different dense
// vector is only a warning (see dense.ts): BM25 still works.
async function checkVectors(client: QdrantClient, name: string, dense: DenseCollections): Promise<void> {
  const info = await client.getCollection(name).catch((error: unknown) => {
    throw knowledgeFailure("ensureCollections", name, error);
  });
  const sparse = info.config.params.sparse_vectors?.[SPARSE_VECTOR];
  if (sparse?.modifier !== "idf") {
    throw new KnowledgeError(
      `knowledge ensureCollections on collection "${name}" failed: ` +
        `it exists without sparse vector "${SPARSE_VECTOR}" (modifier idf); delete it to let it be recreated`,
      { operation: "ensureCollections", collection: name },
    );
  }
  dense.record(name, info);
}

async function ensureIndexes(client: QdrantClient, name: string): Promise<void> {
  // Creating an index that already exists is a no-op on the server, so no race to handle.
  for (const field_name of KEYWORD_INDEXES) {
    try {
      await client.createPayloadIndex(name, { field_name, field_schema: "keyword", wait: true });
    } catch (error) {
      throw knowledgeFailure("ensureCollections", name, error);
    }
  }
}

/** Creates each collection with its schema and indexes; safe to call again and concurrently. */
export async function ensureCollections(
  client: QdrantClient,
  names: string[],
  logger: Logger,
  dense: DenseCollections,
): Promise<void> {
  await Promise.all(
    [...new Set(names)].map(async (name) => {
      await createCollection(client, name, logger, dense.spec);
      await checkVectors(client, name, dense);
      await ensureIndexes(client, name);
    }),
  );
}
