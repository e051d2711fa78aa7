import { KnowledgeError } from "@flotilla/knowledge";
import type { IngestStore } from "./store.ts";

/**
 * Deletes every point of one source from a collection; returns how many there were (0 when
 * the collection does not exist).
 *
 * @example
 * await removeSource(store, "design_principles", "docs/DESIGN.md");
 */
export async function removeSource(store: IngestStore, collection: string, source: string): Promise<number> {
  let count: number;
  try {
    count = await store.count(collection, { source });
  } catch (error) {
    if (KnowledgeError.is(error) && error.status === 404) return 0;
    throw error;
  }
  if (count > 0) await store.deleteWhere(collection, { source });
  return count;
}
