/** Retry delays of SPEC §10 for transient failures: exponential from `baseMs`, capped, with jitter. */
export interface BackoffOptions {
  /** Delay before the first retry; default 1000 ms. */
  baseMs?: number;
  /** Upper bound; default 30 000 ms. */
  maxMs?: number;
}

/**
 * Delay before retry number `attempt` (1-based): base, 2×base, 4×base … up to maxMs, each
 * spread ±25 % so that instances failing together do not retry in lock-step.
 *
 * @example
 * await sleep(backoffDelay(attempt, { baseMs: 1_000, maxMs: 30_000 })); // ~1 s, ~2 s, ~4 s …
 */
export function backoffDelay(attempt: number, opts: BackoffOptions = {}): number {
  const base = opts.baseMs ?? 1_000;
  const max = opts.maxMs ?? 30_000;
  const exp = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  const jittered = exp * (0.75 + Math.random() * 0.5);
  return Math.max(1, Math.min(max, Math.round(jittered)));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
