import type { KnowledgeHit, KnowledgeStore, PayloadFilter } from "@flotilla/knowledge";

/** A hit and the collection it came from. */
export interface CollectionHit extends KnowledgeHit {
  collection: string;
}

export interface CollectionsSearch {
  collections: readonly string[];
  /** Best hits kept per collection. */
  perCollection: number;
  /** Hits returned in all. */
  total: number;
  filter?: PayloadFilter;
  /** Hits to leave out (say, the current task's own records); more are fetched to make up for them. */
  exclude?: (hit: KnowledgeHit) => boolean;
  /** A collection whose search failed: return to skip it, throw to fail the whole search. */
  onError: (collection: string, error: unknown) => void;
}

/**
 * One query over several collections, interleaved by rank: the best hit of each collection,
 * then the second of each, and so on. Scores (BM25, cosine, RRF) are not comparable across
 * collections, so ranks are what is fair to merge.
 *
 * @example
 * const hits = await searchCollections(knowledge, "retry policy", {
 *   collections: ["design_principles", "coding_standards"], perCollection: 3, total: 5, onError: () => {},
 * });
 */
export async function searchCollections(
  knowledge: Pick<KnowledgeStore, "search">,
  query: string,
  opts: CollectionsSearch,
): Promise<CollectionHit[]> {
  const extra = opts.exclude ? 1 : 0;
  const lists = await Promise.all(
    opts.collections.map(async (collection) => {
      try {
        const hits = await knowledge.search(collection, query, {
          limit: opts.perCollection + extra,
          filter: opts.filter,
        });
        return hits
          .filter((hit) => !opts.exclude?.(hit))
          .slice(0, opts.perCollection)
          .map((hit) => ({ ...hit, collection }));
      } catch (error) {
        opts.onError(collection, error);
        return [];
      }
    }),
  );
  const merged: CollectionHit[] = [];
  for (let rank = 0; rank < opts.perCollection && merged.length < opts.total; rank++) {
    for (const list of lists) {
      const hit = list[rank];
      if (hit && merged.length < opts.total) merged.push(hit);
    }
  }
  return merged;
}
