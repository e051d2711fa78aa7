import type { KnowledgeStore } from "@flotilla/knowledge";
import type { Logger } from "@flotilla/log";

/**
 * The knowledge store with its collections ensured beside the team's start instead of before
 * it: creating and checking a dozen collections (and their indexes) takes seconds on a busy
 * Qdrant, and a team takes work without them. Ensuring starts at once, in the background; every
 * operation waits for it first, so the first step still finds its collections. A failure is
 * logged and tried again by the next operation rather than remembered (Qdrant may come later).
 *
 * @example
 * const knowledge = ensuredOnFirstUse(createKnowledgeStore({ url, logger }), ["team_votes"], logger);
 * await knowledge.upsert("team_votes", points); // waits for team_votes to exist
 */
export function ensuredOnFirstUse(store: KnowledgeStore, names: string[], logger: Logger): KnowledgeStore {
  let ensured: Promise<void> | undefined;
  const ready = (): Promise<void> => {
    ensured ??= store.ensureCollections(names).catch((err: unknown) => {
      ensured = undefined;
      throw err;
    });
    return ensured;
  };
  void ready().catch((err: unknown) =>
    logger.warn({ err: err instanceof Error ? err.message : String(err) }, "could not ensure the collections yet"),
  );
  const after =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await ready();
      return fn(...args);
    };
  return {
    ensureCollections: after(store.ensureCollections),
    upsert: after(store.upsert),
    search: after(store.search),
    list: after(store.list),
    count: after(store.count),
    retrieve: after(store.retrieve),
    deleteByFilter: after(store.deleteByFilter),
    deletePoints: after(store.deletePoints),
    deleteCollection: after(store.deleteCollection),
  };
}
