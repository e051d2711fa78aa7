import type { QualityRecord } from "@flotilla/contracts";
import { withEfficiency, workKey } from "./efficiency.ts";
import { summarizeGroup, type LeaderboardRow } from "./row.ts";
import { taskKindOf } from "./task-type.ts";

/** Which rows to show; all of each when a field is omitted. */
export interface LeaderboardFilter {
  /** Exact task type, or a kind ("bugfix" matches "bugfix/python") when it has no "/". */
  task_type?: string;
  role?: string;
  team?: string;
  model?: string;
}

/**
 * One row per (task_type, team, role, provider, model), ranked within (task_type, role) and
 * sorted by task_type, role, rank. Rank and efficiency are relative to every model of the same
 * task type and role, so filtering by team or model picks rows without changing their figures.
 *
 * @example
 * buildLeaderboard(records, { task_type: "bugfix", role: "lead developer" })
 */
export function buildLeaderboard(records: readonly QualityRecord[], filter: LeaderboardFilter = {}): LeaderboardRow[] {
  const field = records.filter(
    (r) => taskTypeMatches(r.task_type, filter.task_type) && (filter.role === undefined || r.role === filter.role),
  );
  const groups = new Map<string, QualityRecord[]>();
  for (const record of field) {
    const key = [record.task_type, record.team, record.role, record.provider, record.model].join("\u0000");
    const group = groups.get(key);
    if (group) group.push(record);
    else groups.set(key, [record]);
  }
  const rows = ranked(withEfficiency([...groups.values()].map(summarizeGroup)));
  return rows
    .filter((row) => (filter.team === undefined || row.team === filter.team) && modelMatches(row, filter.model))
    .sort((a, b) => a.task_type.localeCompare(b.task_type) || a.role.localeCompare(b.role) || a.rank - b.rank);
}

function taskTypeMatches(taskType: string, wanted: string | undefined): boolean {
  if (wanted === undefined) return true;
  return wanted.includes("/") ? taskType === wanted : taskKindOf(taskType) === wanted;
}

/** By model id, or by "provider/model". */
function modelMatches(row: LeaderboardRow, wanted: string | undefined): boolean {
  return wanted === undefined || row.model === wanted || `${row.provider}/${row.model}` === wanted;
}

/** Proven quality first (lower bound), then the mean, then the amount of evidence. */
function ranked(rows: readonly LeaderboardRow[]): LeaderboardRow[] {
  const order = [...rows].sort(
    (a, b) =>
      b.quality.low - a.quality.low ||
      b.quality.mean - a.quality.mean ||
      b.quality.n - a.quality.n ||
      `${a.provider}/${a.model}/${a.team}`.localeCompare(`${b.provider}/${b.model}/${b.team}`),
  );
  const next = new Map<string, number>();
  return order.map((row) => {
    const rank = (next.get(workKey(row)) ?? 0) + 1;
    next.set(workKey(row), rank);
    return { ...row, rank };
  });
}
