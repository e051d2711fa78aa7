/** What the scores say about a model's quality, with how sure we can be of it. */
export interface Posterior {
  /** How many scores it stands on. */
  n: number;
  /** Mean of Beta(1 + Σs, 1 + Σ(1 − s)): pulled towards 0.5 while n is small. */
  mean: number;
  /** 90 % interval (Wilson score interval on Σs successes of n). */
  low: number;
  high: number;
}

/** z for a two-sided 90 % interval. */
const Z90 = 1.645;

/**
 * The Beta(1 + Σs, 1 + Σ(1 − s)) posterior of scores s in [0, 1], each a fractional success,
 * summarised as its mean and a 90 % interval. The interval is the Wilson score interval on
 * (Σs, n) rather than Beta quantiles: closed-form, well-behaved at 0 and n successes, and close to
 * the Beta's central interval for the n a leaderboard sees. No scores: mean 0.5, interval [0, 1].
 *
 * @example
 * posterior([1, 1, 1, 1, 1]) // { n: 5, mean: 0.857, low: 0.649, high: 1 }
 */
export function posterior(scores: readonly number[]): Posterior {
  const n = scores.length;
  if (n === 0) return { n: 0, mean: 0.5, low: 0, high: 1 };
  const successes = scores.reduce((sum, s) => sum + clamp01(s), 0);
  return { n, mean: (1 + successes) / (2 + n), ...wilson(successes, n) };
}

/**
 * The Wilson score interval for `successes` of `n` (fractional successes allowed), z = 1.645
 * (90 %) unless given; [0, 1] when n is 0.
 *
 * @example
 * wilson(0, 10, 1.96) // { low: 0, high: 0.2775 }
 */
export function wilson(successes: number, n: number, z = Z90): { low: number; high: number } {
  if (n <= 0) return { low: 0, high: 1 };
  const p = clamp01(successes / n);
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { low: clamp01(centre - half), high: clamp01(centre + half) };
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
