import { setTimeout as delay } from "node:timers/promises";

export interface BackoffOptions {
  /** Delay before the first retry; doubles per retry. Default 1 000 ms. */
  baseMs?: number;
  /** Upper bound of any delay, a server's retry-after included. Default 30 000 ms. */
  maxMs?: number;
  /** true: ±25 % around the exponential delay; "full": anywhere in [0, delay]; false: exact. */
  jitter?: boolean | "full";
  /** The server asked to wait this long (retry-after); waited when longer than the backoff. */
  retryAfterMs?: number;
  /** Injectable for tests; returns [0, 1). */
  random?: () => number;
}

/**
 * Delay before retry number `attempt` (1-based): base, 2×base, 4×base … up to maxMs, spread by
 * jitter so that instances failing together do not retry in lock-step.
 *
 * @example
 * backoffDelay(3, { baseMs: 1_000 }); // ~4 s (3 000 – 5 000 ms)
 */
export function backoffDelay(attempt: number, opts: BackoffOptions = {}): number {
  const { baseMs = 1_000, maxMs = 30_000, jitter = true, random = Math.random } = opts;
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = jitter === "full" ? exp * random() : jitter ? exp * (0.75 + 0.5 * random()) : exp;
  const hinted = Math.min(maxMs, opts.retryAfterMs ?? 0);
  return Math.round(Math.min(maxMs, Math.max(hinted, jittered)));
}

/** Waits `ms`; rejects with the signal's reason as soon as it aborts. */
export const sleep = (ms: number, signal?: AbortSignal): Promise<void> => delay(ms, undefined, { signal });
