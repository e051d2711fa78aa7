import { type QualityDimension, type QualityRecord } from "@flotilla/contracts";
import { posterior, type Posterior } from "./posterior.ts";
import { recordScore } from "./score.ts";
import { mean, median, mostCommon } from "./stats.ts";

export interface DimensionSummary {
  /** Mean of the values recorded; null when none was. */
  mean: number | null;
  /** How many values the mean stands on (for efficiency: how many usage records). */
  n: number;
  /** Why there is no value: the reason records gave most often. */
  missing?: string;
}

/** One model's standing in one role for one task type, in one team. */
export interface LeaderboardRow {
  task_type: string;
  team: string;
  role: string;
  provider: string;
  model: string;
  /** Agent names seen. */
  agents: string[];
  /** Distinct task ids. */
  tasks: number;
  /** Records of any source. */
  records: number;
  /** Over per-record scores (recordScore) of the records that have one; n is their count. */
  quality: Posterior;
  dimensions: Record<QualityDimension, DimensionSummary>;
  /** Median latency of the `usage` records. */
  latency_ms: number | null;
  /** Median tokens of the `usage` records. */
  tokens: number | null;
  /** Mean approval ratio of the `vote` records. */
  approval: number | null;
  simulated: boolean;
  /** 1-based within (task_type, role): by quality.low, then quality.mean, then n. */
  rank: number;
}

export const NO_USAGE = "no usage recorded";
const NOT_MEASURED = "not measured";

/** The row of one (task_type, team, role, provider, model) group, before efficiency and rank. */
export function summarizeGroup(records: readonly QualityRecord[]): LeaderboardRow {
  const first = records[0];
  if (!first) throw new RangeError("summarizeGroup needs at least one record");
  const usage = records.filter((r) => r.source === "usage");
  const scores = records.map(recordScore).filter((s): s is number => s !== null);
  const dimensions: Record<QualityDimension, DimensionSummary> = {
    correctness: summarize(records, "correctness"),
    code_quality: summarize(records, "code_quality"),
    completeness: summarize(records, "completeness"),
    efficiency: pendingEfficiency(usage.length),
    clarity: summarize(records, "clarity"),
  };
  return {
    task_type: first.task_type,
    team: first.team,
    role: first.role,
    provider: first.provider,
    model: first.model,
    agents: [...new Set(records.map((r) => r.agent))].sort(),
    tasks: new Set(records.map((r) => r.task_id)).size,
    records: records.length,
    quality: posterior(scores),
    dimensions,
    latency_ms: median(figures(usage, "latency_ms")),
    tokens: median(figures(usage, "tokens")),
    approval: mean(
      figures(
        records.filter((r) => r.source === "vote"),
        "approval_ratio",
      ),
    ),
    simulated: records.some((r) => r.simulated),
    rank: 0,
  };
}

function summarize(records: readonly QualityRecord[], dimension: QualityDimension): DimensionSummary {
  const scores = records.flatMap((r) => r.dimensions[dimension] ?? []);
  const values = scores.flatMap((s) => (s.value === null ? [] : [s.value]));
  if (values.length) return { mean: mean(values), n: values.length };
  const reasons = scores.flatMap((s) => s.missing ?? []);
  return { mean: null, n: 0, missing: mostCommon(reasons) ?? NOT_MEASURED };
}

/** Filled in by `withEfficiency` once every row of the same work is known. */
function pendingEfficiency(usageRecords: number): DimensionSummary {
  return { mean: null, n: usageRecords, missing: NO_USAGE };
}

/** The finite numbers a figure of the records' evidence holds. */
function figures(records: readonly QualityRecord[], key: string): number[] {
  return records.flatMap((r) => {
    const value = r.evidence[key];
    return typeof value === "number" && Number.isFinite(value) ? [value] : [];
  });
}
