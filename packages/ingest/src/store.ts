import {
  createKnowledgeStore,
  createQdrantClient,
  knowledgeFailure,
  wellFormedJson,
  type KnowledgeStore,
} from "@flotilla/knowledge";
import type { Logger } from "@flotilla/log";

/**
 * The writes ingestion needs beyond the knowledge seam. `@flotilla/knowledge` has no delete
 * yet, so these go to Qdrant directly; when the seam grows one, only this file moves.
 */
/** Every key must equal its value exactly. */
export type ExactFilter = Record<string, string | number | boolean>;

export interface PointWrites {
  /** Deletes these point ids (unknown ids are fine). */
  deletePoints(collection: string, ids: string[]): Promise<void>;
  /** Deletes every point whose payload matches `filter` exactly. */
  deleteWhere(collection: string, filter: ExactFilter): Promise<void>;
  /** Merges `payload` into these points without touching their vectors or other keys. */
  setPayload(collection: string, ids: string[], payload: Record<string, unknown>): Promise<void>;
  /** Distinct `source` values in a collection; empty when it does not exist. */
  sources(collection: string): Promise<Set<string>>;
}

export type IngestStore = KnowledgeStore & PointWrites;

export interface IngestStoreOptions {
  url: string;
  apiKey?: string;
  logger: Logger;
  timeoutMs?: number;
  /** An existing knowledge store (say, one with an embedder); one is created when omitted. */
  knowledge?: KnowledgeStore;
}

const PAGE = 1_000;

function mustMatch(filter: ExactFilter) {
  return { must: Object.entries(wellFormedJson(filter)).map(([key, value]) => ({ key, match: { value } })) };
}

/**
 * A knowledge store plus the deletes and payload updates ingestion needs.
 *
 * @example
 * const store = createIngestStore({ url: config.QDRANT_URL, logger });
 * await ingestPaths(store, ["docs"]);
 * const hits = await store.search("design_principles", "simplicity");
 */
export function createIngestStore(opts: IngestStoreOptions): IngestStore {
  const knowledge =
    opts.knowledge ??
    createKnowledgeStore({ url: opts.url, apiKey: opts.apiKey, logger: opts.logger, timeoutMs: opts.timeoutMs });
  const client = createQdrantClient({
    url: opts.url,
    apiKey: opts.apiKey,
    logger: opts.logger,
    timeoutMs: opts.timeoutMs ?? 60_000,
  });
  async function run<T>(operation: string, collection: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw knowledgeFailure(operation, collection, error);
    }
  }
  const writes: PointWrites = {
    deletePoints: (collection, ids) =>
      ids.length === 0
        ? Promise.resolve()
        : run("delete", collection, async () => void (await client.delete(collection, { wait: true, points: ids }))),
    deleteWhere: (collection, filter) =>
      run(
        "delete",
        collection,
        async () => void (await client.delete(collection, { wait: true, filter: mustMatch(filter) })),
      ),
    setPayload: (collection, ids, payload) =>
      ids.length === 0
        ? Promise.resolve()
        : run(
            "setPayload",
            collection,
            async () =>
              void (await client.setPayload(collection, { wait: true, points: ids, payload: wellFormedJson(payload) })),
          ),
    sources: (collection) =>
      run("sources", collection, async () => {
        const found = new Set<string>();
        if (!(await client.collectionExists(collection)).exists) return found;
        let offset: string | number | undefined;
        do {
          const page = await client.scroll(collection, {
            limit: PAGE,
            offset,
            with_payload: ["source"],
            with_vector: false,
          });
          for (const p of page.points) if (typeof p.payload?.source === "string") found.add(p.payload.source);
          offset = (page.next_page_offset ?? undefined) as string | number | undefined;
        } while (offset !== undefined);
        return found;
      }),
  };
  // The knowledge store is a plain object of closures, so spreading keeps every method.
  return { ...knowledge, ...writes };
}
