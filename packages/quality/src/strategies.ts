import type { SelectionStrategy } from "@flotilla/contracts";
import { because, fixed2, meanQuality, nameOf, provenQuality, scoresOf } from "./figures.ts";
import { sampleBeta } from "./random.ts";
import type { Scored, SelectionInput } from "./select.ts";

type Strategy = (scored: readonly Scored[], input: SelectionInput) => { chosen: Scored; reason: string };

/** Below this mean a model is not fast enough to matter (speed_first). */
const ACCEPTABLE_QUALITY = 0.5;
/** What an unknown quality or latency factor counts as (balanced). */
const UNKNOWN = 0.5;

const primaryOf = (scored: readonly Scored[]): Scored => scored[0]!;
const latencyOf = (s: Scored): number | null => s.row?.latency_ms ?? null;
const qualityMean = (s: Scored): number => (s.row && s.row.quality.n > 0 ? s.row.quality.mean : UNKNOWN);
const lowerBound = (s: Scored): number => s.row?.quality.low ?? 0;

const qualityFirst: Strategy = (scored, { taskType }) => {
  const proven = scored
    .filter((s) => scoresOf(s) > 0)
    .sort((x, y) => lowerBound(y) - lowerBound(x) || qualityMean(y) - qualityMean(x));
  const [best, runnerUp] = proven;
  if (!best) {
    const primary = primaryOf(scored);
    return {
      chosen: primary,
      reason: `quality_first: no scores yet for ${taskType}: primary model ${nameOf(primary.candidate)}`,
    };
  }
  // With one proven candidate, the runner-up is an unproven one: "no scores yet" is the reason.
  const rest = runnerUp ?? scored.find((s) => s !== best);
  const claim = `quality_first: ${nameOf(best.candidate)} has the best proven quality for ${taskType}`;
  return { chosen: best, reason: because(claim, best, rest, provenQuality, scored) };
};

const speedFirst: Strategy = (scored, { taskType }) => {
  const byLatency = (x: Scored, y: Scored) => (latencyOf(x) ?? 0) - (latencyOf(y) ?? 0);
  const timed = scored.filter((s) => latencyOf(s) !== null);
  const acceptable = timed.filter((s) => qualityMean(s) >= ACCEPTABLE_QUALITY).sort(byLatency);
  const ordered = [...acceptable, ...timed.filter((s) => !acceptable.includes(s)).sort(byLatency)];
  const [best, runnerUp] = ordered;
  if (!best) {
    const primary = primaryOf(scored);
    return {
      chosen: primary,
      reason: `speed_first: no latency recorded yet for ${taskType}: primary model ${nameOf(primary.candidate)}`,
    };
  }
  const speed = (s: Scored) => `median ${Math.round(latencyOf(s) ?? 0)} ms, ${meanQuality(s)}`;
  const bar = acceptable.length
    ? `with quality >= ${ACCEPTABLE_QUALITY}`
    : `(none reaches quality ${ACCEPTABLE_QUALITY})`;
  const claim = `speed_first: ${nameOf(best.candidate)} is the fastest ${bar} for ${taskType}`;
  return { chosen: best, reason: because(claim, best, runnerUp, speed, scored) };
};

const balanced: Strategy = (scored, { taskType }) => {
  const latencies = scored.map(latencyOf).filter((l): l is number => l !== null);
  const fastest = latencies.length ? Math.min(...latencies) : null;
  const speedOf = (s: Scored) => {
    const latency = latencyOf(s);
    if (latency === null || fastest === null) return UNKNOWN;
    return latency > 0 ? fastest / latency : 1;
  };
  const value = (s: Scored) => 0.7 * qualityMean(s) + 0.3 * speedOf(s);
  if (fastest === null && scored.every((s) => scoresOf(s) === 0)) {
    const primary = primaryOf(scored);
    return {
      chosen: primary,
      reason: `balanced: no scores or latency yet for ${taskType}: primary model ${nameOf(primary.candidate)}`,
    };
  }
  const [best = primaryOf(scored), runnerUp] = [...scored].sort((x, y) => value(y) - value(x));
  const unknown = (known: boolean) => (known ? "" : " (unknown)");
  const figures = (s: Scored) =>
    `${fixed2(value(s))} = 0.7 × quality ${fixed2(qualityMean(s))}${unknown(scoresOf(s) > 0)}` +
    ` + 0.3 × speed ${fixed2(speedOf(s))}${unknown(latencyOf(s) !== null)}, n=${scoresOf(s)}`;
  const claim = `balanced: ${nameOf(best.candidate)} has the best balance of quality and speed for ${taskType}`;
  return { chosen: best, reason: because(claim, best, runnerUp, figures, scored) };
};

const explore: Strategy = (scored, { taskType, rng, exploreRate }) => {
  if (rng() < exploreRate) {
    const chosen = scored[Math.floor(rng() * scored.length)] ?? primaryOf(scored);
    const share = Math.round(exploreRate * 100);
    const among = `${scored.length} candidate(s) for ${taskType}`;
    return {
      chosen,
      reason: `explore: random trial (${share} % of choices): ${nameOf(chosen.candidate)} picked uniformly from ${among}`,
    };
  }
  const draws = new Map(scored.map((s) => [s, thompsonDraw(s, rng)]));
  const drawOf = (s: Scored) => draws.get(s) ?? 0;
  const [best = primaryOf(scored), runnerUp] = [...scored].sort((x, y) => drawOf(y) - drawOf(x));
  const figures = (s: Scored) => `draw ${fixed2(drawOf(s))} from ${meanQuality(s)}`;
  const claim = `explore: Thompson sampling picked ${nameOf(best.candidate)} for ${taskType}`;
  return { chosen: best, reason: because(claim, best, runnerUp, figures, scored) };
};

/**
 * One draw from the candidate's Beta(1 + Σs, 1 + Σ(1 − s)). The row keeps only n and the
 * posterior mean (1 + Σs) / (2 + n), so a = mean · (n + 2) and b = (1 − mean) · (n + 2) give the
 * posterior back exactly; no row is Beta(1, 1).
 */
function thompsonDraw(s: Scored, rng: () => number): number {
  const n = scoresOf(s);
  const mean = qualityMean(s);
  return sampleBeta(rng, mean * (n + 2), (1 - mean) * (n + 2));
}

export const STRATEGIES: Record<SelectionStrategy, Strategy> = {
  quality_first: qualityFirst,
  speed_first: speedFirst,
  balanced,
  explore,
};
