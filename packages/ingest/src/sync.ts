import { stableId } from "@flotilla/contracts";
import type { KnowledgePoint } from "@flotilla/knowledge";
import { canonicalJson } from "./canonical.ts";
import type { Chunk } from "./chunk.ts";
import type { IngestStore } from "./store.ts";

export interface SyncTarget {
  collection: string;
  source: string;
  /** sha256 of the file's bytes. */
  file_hash: string;
  tags?: string[];
}

export interface SyncResult {
  upserted: number;
  deleted: number;
  unchanged: number;
}

/** Points per upsert request, to keep request bodies bounded. */
const UPSERT_BATCH = 64;

/**
 * Ids come from where a chunk sits, not from what it says: collection, source, heading path
 * and its ordinal under that path. Editing one section keeps every id and rewrites only that
 * section's point; adding a section elsewhere leaves other sections' ids alone.
 */
function pointIds(collection: string, chunks: Chunk[]): string[] {
  const seen = new Map<string, number>();
  return chunks.map((c) => {
    const path = c.heading_path.join("\u001f");
    const ordinal = seen.get(path) ?? 0;
    seen.set(path, ordinal + 1);
    return stableId("ingest", collection, c.source, path, ordinal);
  });
}

/** What must match for a stored point to be left alone (not `ingested_at`, not `file_hash`). */
function signature(p: Record<string, unknown>): string {
  const { kind, heading_path, position, content_hash, tags, fields, record } = p;
  return canonicalJson({ kind, heading_path, position, content_hash, tags, fields, record });
}

function toPoint(id: string, chunk: Chunk, target: SyncTarget, ingestedAt: string): KnowledgePoint {
  const { kind, source, heading_path, position, content_hash } = chunk;
  const payload: Record<string, unknown> = {
    kind,
    source,
    heading_path,
    position,
    content_hash,
    file_hash: target.file_hash,
    collection: target.collection,
    ingested_at: ingestedAt,
  };
  if (target.tags) payload.tags = target.tags;
  return { id, text: chunk.text, payload: { ...payload, ...chunk.extra } };
}

/**
 * Makes the collection hold exactly `chunks` for this source: upserts new or changed chunks,
 * deletes points no longer produced, and writes nothing when all ids and contents match.
 */
export async function syncChunks(store: IngestStore, target: SyncTarget, chunks: Chunk[]): Promise<SyncResult> {
  const stored = new Map(
    (await store.list(target.collection, { source: target.source })).map((r) => [r.id, r.payload]),
  );
  const now = new Date().toISOString();
  const ids = pointIds(target.collection, chunks);
  const points = chunks.map((c, i) => toPoint(ids[i]!, c, target, now));
  const changed = points.filter((p) => {
    const old = stored.get(p.id);
    return !old || signature(old) !== signature(p.payload);
  });
  const produced = new Set(ids);
  const stale = [...stored.keys()].filter((id) => !produced.has(id));
  const changedIds = new Set(changed.map((p) => p.id));
  const restamp = ids.filter((id) => !changedIds.has(id) && stored.get(id)?.file_hash !== target.file_hash);

  // New text first, then removal, so a search never sees the file half gone.
  for (let i = 0; i < changed.length; i += UPSERT_BATCH)
    await store.upsert(target.collection, changed.slice(i, i + UPSERT_BATCH));
  await store.deletePoints(target.collection, stale);
  // Untouched chunks of an edited file: keep `file_hash` true to the file without rewriting them.
  await store.setPayload(target.collection, restamp, { file_hash: target.file_hash });
  return { upserted: changed.length, deleted: stale.length, unchanged: points.length - changed.length };
}
