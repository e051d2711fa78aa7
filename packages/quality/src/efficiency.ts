import type { LeaderboardRow } from "./row.ts";
import { NO_USAGE } from "./row.ts";
import { mean } from "./stats.ts";

/**
 * Efficiency is relative: per row, the mean of (best median latency among the rows of the same
 * task type and role / this row's) and the same for tokens. 1 is the most frugal model of that
 * work; a model twice as slow and as hungry scores 0.5. Rows without usage get none.
 */
export function withEfficiency(rows: readonly LeaderboardRow[]): LeaderboardRow[] {
  const best = new Map<string, { latency: number | null; tokens: number | null }>();
  for (const row of rows) {
    const key = workKey(row);
    const seen = best.get(key) ?? { latency: null, tokens: null };
    best.set(key, { latency: lowest(seen.latency, row.latency_ms), tokens: lowest(seen.tokens, row.tokens) });
  }
  return rows.map((row) => {
    const { latency, tokens } = best.get(workKey(row)) ?? { latency: null, tokens: null };
    const ratios = [ratio(latency, row.latency_ms), ratio(tokens, row.tokens)].filter((r): r is number => r !== null);
    const efficiency = ratios.length
      ? { mean: mean(ratios), n: row.dimensions.efficiency.n }
      : { mean: null, n: row.dimensions.efficiency.n, missing: NO_USAGE };
    return { ...row, dimensions: { ...row.dimensions, efficiency } };
  });
}

/** The rows a row is compared with: same task type, same role. */
export function workKey(row: Pick<LeaderboardRow, "task_type" | "role">): string {
  return `${row.task_type}\u0000${row.role}`;
}

function lowest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.min(a, b);
}

function ratio(best: number | null, own: number | null): number | null {
  if (best === null || own === null) return null;
  return own > 0 ? best / own : 1;
}
