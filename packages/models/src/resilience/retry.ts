import { setTimeout as delay } from "node:timers/promises";
import { ProviderError } from "../errors.ts";

export interface RetryOptions {
  /** Retries after the first attempt (SPEC §10: 3). */
  maxRetries?: number;
  /** Delay before the first retry; doubles per retry (SPEC §10: 1 s to 30 s). */
  baseMs?: number;
  maxMs?: number;
  /** true: ±25 % around the exponential delay; "full": anywhere in [0, delay]; false: exact. */
  jitter?: boolean | "full";
  /** Once aborted, nothing is retried and a pending wait ends at once. */
  signal?: AbortSignal;
  /** Called before each wait; `attempt` is the attempt that just failed (1 = the first call). */
  onRetry?: (err: ProviderError, attempt: number, delayMs: number) => void;
  /** Asked before each wait; false ends the retries now (e.g. the provider's breaker just opened). */
  shouldRetry?: (err: ProviderError) => boolean;
  /** Injectable for tests; must reject when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injectable for tests; returns [0, 1). */
  random?: () => number;
}

/**
 * What `withRetry` throws when more than one attempt was made: the last error's kind, status
 * and variable (so callers can still say what to fix), every error in order, and the attempt
 * count. Not retryable itself: the budget is spent, and a caller retrying it would multiply
 * the attempts (3 × 3). A failure on the very first attempt is thrown unwrapped.
 */
export class RetryError extends ProviderError {
  readonly errors: ProviderError[];
  readonly attempts: number;
  readonly lastError: ProviderError;

  constructor(errors: ProviderError[], attempts: number) {
    const last = errors[errors.length - 1]!;
    super(`${last.message} (gave up after ${attempts} attempt${attempts === 1 ? "" : "s"})`, {
      provider: last.provider, model: last.model, kind: last.kind, status: last.status,
      retryAfterMs: last.retryAfterMs, variable: last.variable, cause: last,
    });
    // ProviderError types `name` as the literal "ProviderError", so a field override will not compile.
    Object.defineProperty(this, "name", { value: "RetryError" });
    this.errors = errors;
    this.attempts = attempts;
    this.lastError = last;
  }

  override get isRetryable(): boolean {
    return false;
  }
}

/** The delay before retry number `retry` (1-based), honouring a provider's retry-after. */
export function retryDelay(err: ProviderError, retry: number, opts: RetryOptions = {}): number {
  const { baseMs = 1000, maxMs = 30_000, jitter = true, random = Math.random } = opts;
  const exp = Math.min(maxMs, baseMs * 2 ** (retry - 1));
  const jittered = jitter === "full" ? exp * random() : jitter ? exp * (0.75 + 0.5 * random()) : exp;
  const hinted = err.retryAfterMs === undefined ? 0 : Math.min(maxMs, err.retryAfterMs);
  return Math.round(Math.min(maxMs, Math.max(hinted, jittered)));
}

const defaultSleep = (ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal });

/**
 * Runs `fn` until it succeeds, retrying only retryable ProviderErrors (429, 5xx, timeouts,
 * connection resets) with exponential backoff. Anything else — a permanent ProviderError, a
 * programming error (thrown as is), an abort — ends it at once. Returns the value and the retry count.
 *
 * @example
 * const { value, retries } = await withRetry((n) => adapter.complete(req), { signal });
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  opts: RetryOptions = {},
): Promise<{ value: T; retries: number }> {
  const { maxRetries = 3, signal, onRetry, sleep = defaultSleep } = opts;
  const errors: ProviderError[] = [];
  // One attempt's failure is thrown as is; several are wrapped so none is lost.
  const fail = (err: unknown, attempts: number) => {
    if (!ProviderError.is(err)) return err;
    errors.push(err);
    return errors.length > 1 ? new RetryError([...errors], attempts) : err;
  };

  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await fn(attempt), retries: attempt - 1 };
    } catch (err) {
      if (!ProviderError.is(err) || !err.isRetryable || signal?.aborted || attempt > maxRetries || opts.shouldRetry?.(err) === false) {
        throw fail(err, attempt);
      }
      const ms = retryDelay(err, attempt, opts);
      onRetry?.(err, attempt, ms);
      errors.push(err);
      try {
        await sleep(ms, signal);
        signal?.throwIfAborted(); // an injected sleep may not honour the signal
      } catch (cause) {
        // Cancelled while waiting: report the cancellation, keeping every earlier failure.
        const aborted = new ProviderError(`${err.provider}/${err.model}: cancelled while waiting to retry`, {
          provider: err.provider, model: err.model, kind: "aborted", cause,
        });
        throw fail(aborted, attempt);
      }
    }
  }
}
