import { QualityRecord } from "@flotilla/contracts";
import type { KnowledgeStore, PayloadFilter } from "@flotilla/knowledge";
import { BallotLike, pairwiseAgreement, type Agreement } from "./agreement.ts";
import { buildLeaderboard, type LeaderboardFilter } from "./leaderboard.ts";
import type { LeaderboardRow } from "./row.ts";

type Lister = Pick<KnowledgeStore, "list">;

/**
 * Every QualityRecord in `quality_metrics` matching the payload filter; payloads that are not
 * valid records (older shapes, other writers) are skipped rather than failing the whole read.
 */
export async function loadQualityRecords(knowledge: Lister, filter: PayloadFilter = {}): Promise<QualityRecord[]> {
  const points = await knowledge.list("quality_metrics", filter);
  return points.flatMap((p) => {
    const parsed = QualityRecord.safeParse(p.payload);
    return parsed.success ? [parsed.data] : [];
  });
}

/** The ballots of `team_votes` (vote_id, provider, model, vote); invalid payloads skipped. */
export async function loadBallots(knowledge: Lister, filter: PayloadFilter = {}): Promise<BallotLike[]> {
  const points = await knowledge.list("team_votes", filter);
  return points.flatMap((p) => {
    const parsed = BallotLike.safeParse(p.payload);
    return parsed.success ? [parsed.data] : [];
  });
}

export interface LeaderboardReport {
  rows: LeaderboardRow[];
  agreement: Agreement[];
  /** Quality records read. */
  records: number;
  /** Ballots read. */
  ballots: number;
}

/**
 * Loads records and ballots and builds both tables. The filter applies to the rows; agreement
 * is over every ballot, or the team's when `filter.team` is set.
 *
 * @example
 * renderLeaderboard(await leaderboardReport(knowledge, { task_type: "bugfix" }))
 */
export async function leaderboardReport(knowledge: Lister, filter: LeaderboardFilter = {}): Promise<LeaderboardReport> {
  const [records, ballots] = await Promise.all([
    loadQualityRecords(knowledge, storeFilter(filter)),
    loadBallots(knowledge, filter.team === undefined ? {} : { team: filter.team }),
  ]);
  return {
    rows: buildLeaderboard(records, filter),
    agreement: pairwiseAgreement(ballots),
    records: records.length,
    ballots: ballots.length,
  };
}

/**
 * What Qdrant can narrow down without changing the figures: role, and an exact task type. Team
 * and model are left to buildLeaderboard, since ranks and efficiency compare every model of
 * the same task type and role; a task kind ("bugfix") matches several stored values.
 */
function storeFilter(filter: LeaderboardFilter): PayloadFilter {
  const narrowed: PayloadFilter = {};
  if (filter.role !== undefined) narrowed.role = filter.role;
  if (filter.task_type?.includes("/")) narrowed.task_type = filter.task_type;
  return narrowed;
}
