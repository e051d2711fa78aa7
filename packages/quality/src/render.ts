import { QUALITY_DIMENSIONS, type QualityDimension } from "@flotilla/contracts";
import type { Agreement } from "./agreement.ts";
import { fixed2 } from "./figures.ts";
import type { LeaderboardReport } from "./records.ts";
import type { DimensionSummary, LeaderboardRow } from "./row.ts";
import { table } from "./table.ts";

const DIMENSION_HEADERS: Record<QualityDimension, string> = {
  correctness: "correct",
  code_quality: "code",
  completeness: "complete",
  efficiency: "effic.",
  clarity: "clarity",
};
const HEADER = ["#", "model", "team", "n", "quality [90 %]", ...QUALITY_DIMENSIONS.map((d) => DIMENSION_HEADERS[d])];

/**
 * The leaderboard as plain text (no colours), for `flotilla leaderboard` and MCP replies: per
 * task type and role the ranked models, then model agreement with redundant pairs flagged.
 * A dimension without a value shows "—" and a footnote with why.
 *
 * @example
 * console.log(renderLeaderboard(await leaderboardReport(knowledge)))
 */
export function renderLeaderboard(report: LeaderboardReport): string {
  const footnotes: string[] = [];
  const sections = report.rows.length
    ? groups(report.rows).map((rows) => section(rows, footnotes))
    : ["no quality records yet"];
  if (footnotes.length) sections.push(footnotes.map((reason, i) => `[${i + 1}] ${reason}`).join("\n"));
  sections.push(agreementSection(report.agreement));
  const counts = `${report.records} quality record(s), ${report.ballots} ballot(s)`;
  return [...sections, counts].join("\n\n");
}

/** Rows of one task type and role each, in the report's order. */
function groups(rows: readonly LeaderboardRow[]): LeaderboardRow[][] {
  const byWork = new Map<string, LeaderboardRow[]>();
  for (const row of rows) {
    const key = `${row.task_type}\u0000${row.role}`;
    const group = byWork.get(key);
    if (group) group.push(row);
    else byWork.set(key, [row]);
  }
  return [...byWork.values()];
}

function section(rows: readonly LeaderboardRow[], footnotes: string[]): string {
  const first = rows[0]!;
  const body = rows.map((row) => [
    String(row.rank),
    `${row.provider}/${row.model}${row.simulated ? " (simulated)" : ""}`,
    row.team,
    String(row.quality.n),
    row.quality.n ? `${fixed2(row.quality.mean)} [${fixed2(row.quality.low)}–${fixed2(row.quality.high)}]` : "—",
    ...QUALITY_DIMENSIONS.map((d) => dimensionCell(row.dimensions[d], footnotes)),
    row.latency_ms === null ? "—" : `${Math.round(row.latency_ms)} ms`,
    row.approval === null ? "—" : fixed2(row.approval),
  ]);
  return `${first.task_type} · ${first.role}\n${table([...HEADER, "latency", "approval"], body)}`;
}

/** "0.80 (5)", or "—[k]" with the reason kept as footnote k (one footnote per distinct reason). */
function dimensionCell(summary: DimensionSummary, footnotes: string[]): string {
  if (summary.mean !== null) return `${fixed2(summary.mean)} (${summary.n})`;
  const reason = summary.missing ?? "not measured";
  if (!footnotes.includes(reason)) footnotes.push(reason);
  return `—[${footnotes.indexOf(reason) + 1}]`;
}

function agreementSection(agreement: readonly Agreement[]): string {
  if (!agreement.length) return "model agreement: no shared votes yet";
  const body = agreement.map((pair) => [
    pair.a,
    pair.b,
    String(pair.votes),
    String(pair.agreed),
    fixed2(pair.rate),
    pair.redundant ? `REDUNDANT: ${pair.note ?? "adds little"}` : "",
  ]);
  return `model agreement\n${table(["model a", "model b", "votes", "agreed", "rate", ""], body)}`;
}
