import { cutText, retrievedCollections, type ContextRef } from "@flotilla/contracts";
import { searchCollections } from "./collections-search.ts";
import type { KnowledgeStore } from "@flotilla/knowledge";
import type { Logger } from "@flotilla/log";

/** Where knowledge lives (SPEC §9), from the collection catalogue in @flotilla/contracts. */
export { KNOWLEDGE_COLLECTIONS } from "@flotilla/contracts";

/** What retrieval needs of a TeamContext. */
export interface RetrievalContext {
  knowledge: Pick<KnowledgeStore, "search">;
  config: { QDRANT_COLLECTIONS: readonly string[] };
  logger: Pick<Logger, "debug">;
}

const LESSON_COLLECTIONS = ["learning_patterns", "agent_memory"];
const PER_COLLECTION = 3;
const TOTAL = 8;

const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : undefined);

/**
 * The most relevant knowledge for a piece of work, read from Qdrant before each step: the
 * catalogue's retrieved collections that exist here (configured, or written by the runtime or
 * ingestion), best of each first. A missing or failing collection is skipped, never fatal.
 */
export async function retrieveContext(ctx: RetrievalContext, query: string, taskId?: string): Promise<ContextRef[]> {
  const hits = await searchCollections(ctx.knowledge, cutText(query, 2_000), {
    // Lessons come through their own retrieval (team and agent scoped), not here.
    collections: retrievedCollections(ctx.config.QDRANT_COLLECTIONS).filter((c) => !LESSON_COLLECTIONS.includes(c)),
    perCollection: PER_COLLECTION,
    total: TOTAL,
    exclude: (hit) => taskId !== undefined && hit.payload.task_id === taskId,
    onError: (collection, err) =>
      ctx.logger.debug(
        { collection, err: err instanceof Error ? err.message : String(err) },
        "knowledge search skipped",
      ),
  });
  return hits.map((h): ContextRef => ({
    collection: h.collection,
    point_id: h.id,
    score: h.score,
    source: str(h.payload.source),
    heading_path: strings(h.payload.heading_path),
    excerpt: cutText(str(h.payload.text) ?? "", 400),
  }));
}

/** The retrieved knowledge as the prompt cites it: [K1] collection · source › heading. */
export function contextPrompt(refs: ContextRef[]): string {
  if (!refs.length) return "";
  const lines = refs.map((r, i) => {
    const heading = r.heading_path?.length ? ` › ${r.heading_path.join(" › ")}` : "";
    return `[K${i + 1}] ${r.collection}${r.source ? ` · ${r.source}` : ""}${heading}\n${r.excerpt}`;
  });
  return `Relevant knowledge from the team's knowledge base (cite what you use as [K1], [K2], ...):\n\n${lines.join("\n\n")}`;
}
