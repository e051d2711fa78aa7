import type { ContextRef } from "@flotilla/contracts";
import type { TeamContext } from "./types.ts";

/** Where knowledge lives (SPEC §9): principles, standards, docs, JSON documents, lessons, past plans. */
export const KNOWLEDGE_COLLECTIONS = [
  "design_principles", "coding_standards", "documentation_index", "json_artifacts", "learning_patterns", "agent_memory", "cross_team_tasks",
];

const PER_COLLECTION = 3;
const TOTAL = 8;

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/**
 * The most relevant knowledge for a piece of work, read from Qdrant before each step. BM25
 * scores are not comparable across collections, so results are interleaved by rank: the best
 * of each collection first. A missing or failing collection is skipped, never fatal.
 */
export async function retrieveContext(ctx: TeamContext, query: string, taskId?: string): Promise<ContextRef[]> {
  const collections = KNOWLEDGE_COLLECTIONS.filter((c) => ctx.config.QDRANT_COLLECTIONS.includes(c) || c === "cross_team_tasks");
  const lists = await Promise.all(collections.map(async (collection) => {
    try {
      const hits = await ctx.knowledge.search(collection, query.slice(0, 2_000), { limit: PER_COLLECTION + 1 });
      return hits.filter((h) => h.payload.task_id !== taskId).slice(0, PER_COLLECTION).map((h): ContextRef => ({
        collection, point_id: h.id, score: h.score, source: str(h.payload.source),
        heading_path: Array.isArray(h.payload.heading_path) ? (h.payload.heading_path as string[]) : undefined,
        excerpt: (str(h.payload.text) ?? "").slice(0, 400),
      }));
    } catch (err) {
      ctx.logger.debug({ collection, err: (err as Error).message }, "knowledge search skipped");
      return [];
    }
  }));
  const out: ContextRef[] = [];
  for (let rank = 0; rank < PER_COLLECTION && out.length < TOTAL; rank++) {
    for (const list of lists) if (list[rank] && out.length < TOTAL) out.push(list[rank]!);
  }
  return out;
}

/** The retrieved knowledge as the prompt cites it: [K1] collection · source › heading. */
export function contextPrompt(refs: ContextRef[]): string {
  if (!refs.length) return "";
  const lines = refs.map((r, i) => `[K${i + 1}] ${r.collection}${r.source ? ` · ${r.source}` : ""}${r.heading_path?.length ? ` › ${r.heading_path.join(" › ")}` : ""}\n${r.excerpt}`);
  return `Relevant knowledge from the team's knowledge base (cite what you use as [K1], [K2], ...):\n\n${lines.join("\n\n")}`;
}
