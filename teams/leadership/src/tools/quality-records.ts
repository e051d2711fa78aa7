import { z } from "zod";
import type { KnowledgeRecord, KnowledgeStore, PayloadFilter } from "@flotilla/knowledge";

/** The main fields of a `team_votes` point, as ballotPoint writes them; the rest of the payload is left out. */
export const BallotHit = z.object({
  id: z.string(),
  score: z.number().optional(),
  task_id: z.string(),
  team: z.string(),
  step: z.string(),
  packet_id: z.string().optional(),
  round: z.number().optional(),
  attempt: z.number().optional(),
  agent: z.string(),
  provider: z.string().optional(),
  model: z.string().optional(),
  vote: z.string(),
  confidence: z.number(),
  rationale: z.string(),
  outcome: z.string().optional(),
  chosen: z.boolean().optional(),
  timestamp: z.string(),
});
export type BallotHit = z.infer<typeof BallotHit>;

/** The main fields of a `cross_team_ratings` point (ratingPoint); agent, provider and model made the work rated. */
export const RatingHit = z.object({
  id: z.string(),
  score: z.number().optional(),
  task_id: z.string(),
  from_team: z.string(),
  to_team: z.string(),
  rated_step: z.string().optional(),
  agent: z.string().optional(),
  provider: z.string().optional(),
  model: z.string().optional(),
  rating_agent: z.string().optional(),
  rating_model: z.string().optional(),
  ratings: z.record(z.string(), z.number()),
  overall: z.number(),
  approved: z.boolean(),
  feedback: z.string(),
  timestamp: z.string(),
});
export type RatingHit = z.infer<typeof RatingHit>;

/** The payload filter of the arguments given: every one set must match. */
export function filterOf(fields: Record<string, string | boolean | undefined>): PayloadFilter {
  const filter: PayloadFilter = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) filter[key] = value;
  return filter;
}

const timestampOf = (p: KnowledgeRecord) => String(p.payload.timestamp ?? "");

export interface Found<T> {
  records: T[];
  /** Points matching the filter, whatever the query and limit. */
  total: number;
  /** Points read that lack the fields of the record type (another writer, an older shape). */
  skipped: number;
}

/**
 * Records of one collection: ranked by `query` when given, else the newest matching `filter`
 * (Qdrant cannot order by an unindexed field, so the matching points are read and sorted here).
 * A point without the fields of `hit` is counted in `skipped`, not returned half-read.
 */
export async function findRecords<H extends z.ZodObject>(
  knowledge: KnowledgeStore,
  collection: string,
  hit: H,
  { query, filter, limit }: { query?: string; filter: PayloadFilter; limit: number },
): Promise<Found<z.infer<H>>> {
  const [points, total] = await Promise.all([
    query
      ? knowledge.search(collection, query, { filter, limit })
      : knowledge
          .list(collection, filter)
          .then((all) => all.sort((a, b) => timestampOf(b).localeCompare(timestampOf(a)))),
    knowledge.count(collection, filter),
  ]);
  const records: z.infer<H>[] = [];
  let skipped = 0;
  for (const point of points) {
    if (records.length === limit) break;
    const score = "score" in point ? { score: point.score } : {};
    const parsed = hit.safeParse({ ...point.payload, id: point.id, ...score });
    if (parsed.success) records.push(parsed.data);
    else skipped++;
  }
  return { records, total, skipped };
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").slice(0, 200);
const scored = (score: number | undefined) => (score === undefined ? "" : `[${score.toFixed(3)}] `);

export const ballotLine = (b: BallotHit) =>
  `${scored(b.score)}${b.timestamp} ${b.team} ${b.step}${b.packet_id ? ` ${b.packet_id}` : ""} ` +
  `round ${b.round ?? "?"} attempt ${b.attempt ?? "?"}: ${b.agent} (${b.provider ?? "?"}/${b.model ?? "?"}) ` +
  `${b.vote} ${b.confidence.toFixed(2)}${b.outcome ? `, ${b.outcome}` : ""} — task ${b.task_id}: ${oneLine(b.rationale)}`;

export const ratingLine = (r: RatingHit) =>
  `${scored(r.score)}${r.timestamp} ${r.from_team} rated ${r.to_team} ${r.rated_step ?? ""} ` +
  `${r.overall.toFixed(2)} ${r.approved ? "approved" : "rejected"}: ${r.rating_agent ?? "?"} on ${r.agent ?? "?"} ` +
  `(${r.provider ?? "?"}/${r.model ?? "?"}) — task ${r.task_id}: ${oneLine(r.feedback)}`;

/** "3 of 12 ballots matching the filter", then one line per record. */
export function summary(what: string, found: Found<unknown>, lines: string[]): string {
  const skipped = found.skipped ? ` (${found.skipped} unreadable points left out)` : "";
  return [`${found.records.length} of ${found.total} ${what} matching the filter${skipped}`, ...lines].join("\n");
}
