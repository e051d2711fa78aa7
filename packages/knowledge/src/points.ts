import type { QdrantApi as QdrantClient } from "./qdrant-rest.ts";
import { KnowledgeError } from "./errors.ts";
import { toQdrantFilter, type PayloadFilter } from "./filter.ts";
import { vectorsFor } from "./schema.ts";
import type { KnowledgePoint, KnowledgeRecord } from "./types.ts";

/** Points per scroll request: bounded responses, few round trips. */
export const PAGE_SIZE = 100;

export function toRecord(point: { id: string | number; payload?: Record<string, unknown> | null }): KnowledgeRecord {
  return { id: String(point.id), payload: point.payload ?? {} };
}

/** `dense[i]` is the dense vector of `points[i]`; absent for collections searched with BM25 only. */
export async function upsertPoints(
  client: QdrantClient,
  collection: string,
  points: KnowledgePoint[],
  dense?: number[][],
): Promise<void> {
  if (points.length === 0) return;
  await client.upsert(collection, {
    // Callers ack their NATS message after this resolves, so the write must be applied first.
    wait: true,
    points: points.map((p, i) => ({
      id: p.id,
      vector: vectorsFor(p.text, dense?.[i]),
      payload: { ...p.payload, text: p.text },
    })),
  });
}

export async function listPoints(
  client: QdrantClient,
  collection: string,
  filter: PayloadFilter,
  limit?: number,
  /** Told of each page read, with its points. */
  onPage?: (points: number) => void,
): Promise<KnowledgeRecord[]> {
  const out: KnowledgeRecord[] = [];
  const qfilter = toQdrantFilter(filter);
  let offset: string | number | undefined;
  do {
    const want = limit === undefined ? PAGE_SIZE : Math.min(PAGE_SIZE, limit - out.length);
    if (want <= 0) break;
    const page = await client.scroll(collection, {
      filter: qfilter,
      limit: want,
      offset,
      with_payload: true,
      with_vector: false,
    });
    onPage?.(page.points.length);
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

export async function retrievePoints(
  client: QdrantClient,
  collection: string,
  ids: string[],
): Promise<KnowledgeRecord[]> {
  if (ids.length === 0) return [];
  const found = new Map(
    (await client.retrieve(collection, { ids, with_payload: true, with_vector: false })).map((p) => [
      String(p.id),
      toRecord(p),
    ]),
  );
  // Qdrant answers with canonical lower-case uuids.
  return ids.flatMap((id) => found.get(id.toLowerCase()) ?? []);
}

export async function deletePoints(client: QdrantClient, collection: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await client.delete(collection, { wait: true, points: ids });
}

/** Deletes what `filter` matches; an empty filter is refused, since it would match everything. */
export async function deleteByFilter(client: QdrantClient, collection: string, filter: PayloadFilter): Promise<void> {
  const qfilter = toQdrantFilter(filter);
  if (!qfilter) {
    throw new KnowledgeError(
      `knowledge deleteByFilter on collection "${collection}" refused: ` +
        "an empty filter would delete every point (use deleteCollection for that)",
      {
        operation: "deleteByFilter",
        collection,
      },
    );
  }
  await client.delete(collection, { wait: true, filter: qfilter });
}
