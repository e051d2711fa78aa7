import type { QdrantClient } from "@qdrant/js-client-rest";
import { toQdrantFilter, type PayloadFilter } from "./filter.ts";
import { documentFor, SPARSE_VECTOR, vectorsFor } from "./schema.ts";
import type { KnowledgeHit, KnowledgePoint, KnowledgeRecord, SearchOptions } from "./types.ts";

/** Points per scroll request: bounded responses, few round trips. */
export const PAGE_SIZE = 100;

const DEFAULT_LIMIT = 10;

function toRecord(point: { id: string | number; payload?: Record<string, unknown> | null }): KnowledgeRecord {
  return { id: String(point.id), payload: point.payload ?? {} };
}

export async function upsertPoints(client: QdrantClient, collection: string, points: KnowledgePoint[]): Promise<void> {
  if (points.length === 0) return;
  await client.upsert(collection, {
    // Callers ack their NATS message after this resolves, so the write must be applied first.
    wait: true,
    points: points.map((p) => ({ id: p.id, vector: vectorsFor(p.text), payload: { ...p.payload, text: p.text } })),
  });
}

export async function searchPoints(client: QdrantClient, collection: string, query: string, opts: SearchOptions = {}): Promise<KnowledgeHit[]> {
  const res = await client.query(collection, {
    query: documentFor(query),
    using: SPARSE_VECTOR,
    filter: toQdrantFilter(opts.filter),
    limit: opts.limit ?? DEFAULT_LIMIT,
    with_payload: true,
  });
  return res.points.map((p) => ({ ...toRecord(p), score: p.score }));
}

export async function listPoints(client: QdrantClient, collection: string, filter: PayloadFilter, limit?: number): Promise<KnowledgeRecord[]> {
  const out: KnowledgeRecord[] = [];
  const qfilter = toQdrantFilter(filter);
  let offset: string | number | undefined;
  do {
    const want = limit === undefined ? PAGE_SIZE : Math.min(PAGE_SIZE, limit - out.length);
    if (want <= 0) break;
    const page = await client.scroll(collection, { filter: qfilter, limit: want, offset, with_payload: true, with_vector: false });
    out.push(...page.points.map(toRecord));
    // Null when there is nothing after this page; ids are uuids, so never a nested object.
    offset = (page.next_page_offset ?? undefined) as string | number | undefined;
  } while (offset !== undefined);
  return out;
}

export async function countPoints(client: QdrantClient, collection: string, filter?: PayloadFilter): Promise<number> {
  const res = await client.count(collection, { filter: toQdrantFilter(filter), exact: true });
  return res.count;
}

export async function retrievePoints(client: QdrantClient, collection: string, ids: string[]): Promise<KnowledgeRecord[]> {
  if (ids.length === 0) return [];
  const found = new Map((await client.retrieve(collection, { ids, with_payload: true, with_vector: false })).map((p) => [String(p.id), toRecord(p)]));
  // Qdrant answers with canonical lower-case uuids.
  return ids.flatMap((id) => found.get(id.toLowerCase()) ?? []);
}
