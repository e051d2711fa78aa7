import { backoffDelay, sleep as defaultSleep, type BackoffOptions } from "./backoff.ts";
import { FlotillaError, isAbortError, isRetryable } from "./flotilla-error.ts";

export interface RetryOptions<E = unknown> extends Omit<BackoffOptions, "retryAfterMs"> {
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** Once aborted, nothing is retried and a pending wait ends at once. */
  signal?: AbortSignal;
  /** Which failures are worth another try. Default `isRetryable` (an error's own verdict; never an abort). */
  retryable?: (error: unknown) => error is E;
  /** Asked before each wait; false ends the retries now (e.g. a circuit breaker just opened). */
  shouldRetry?: (error: E) => boolean;
  /** Called before each wait; `attempt` is the one that just failed (1 = the first call). */
  onRetry?: (error: E, attempt: number, delayMs: number) => void;
  /** What to report when the signal aborts a wait; default the abort's own error. */
  cancelled?: (lastError: E, reason: unknown) => unknown;
  /** What to throw when several attempts failed; default a RetryError holding them all. */
  giveUp?: (errors: unknown[], attempts: number) => unknown;
  /** Injectable for tests; must reject when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Thrown by `retry` when more than one attempt failed: every error in order, the last one as
 * `cause`. Not retryable itself: the budget is spent, and retrying it again would multiply the attempts.
 */
export class RetryError extends FlotillaError {
  override readonly name: string = "RetryError";
  readonly errors: unknown[];
  readonly attempts: number;

  constructor(errors: unknown[], attempts: number) {
    const last = errors.at(-1);
    const message = last instanceof Error ? last.message : String(last);
    super(`${message} (gave up after ${attempts} attempts)`, { cause: last, context: { attempts } });
    this.errors = errors;
    this.attempts = attempts;
  }
}

/** The wait a failure asks for itself (a 429's retry-after), when it carries one. */
function retryAfterOf(error: unknown): number | undefined {
  const ms = typeof error === "object" && error !== null ? Reflect.get(error, "retryAfterMs") : undefined;
  return typeof ms === "number" ? ms : undefined;
}

/**
 * Runs `fn` until it succeeds, retrying what `retryable` accepts with exponential backoff and
 * jitter, waiting at least what a failure's `retryAfterMs` asks. Never retries an abort, nor
 * anything once the signal has aborted. A failure on the first attempt is thrown as is; after
 * several, every error is kept (in a RetryError, or what `giveUp` makes of them). Returns the
 * value and the retry count.
 *
 * @example
 * const { value } = await retry(() => fetchJson(url), { maxRetries: 3, signal });
 */
export async function retry<T, E = unknown>(
  fn: (attempt: number) => Promise<T>,
  opts: RetryOptions<E> = {},
): Promise<{ value: T; retries: number }> {
  const { maxRetries = 3, signal, sleep = defaultSleep } = opts;
  const retryable = (error: unknown): error is E =>
    !isAbortError(error) && (opts.retryable ? opts.retryable(error) : isRetryable(error));
  const errors: unknown[] = [];
  const fail = (attempts: number) =>
    errors.length === 1 ? errors[0] : (opts.giveUp ?? ((all, n) => new RetryError(all, n)))([...errors], attempts);

  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await fn(attempt), retries: attempt - 1 };
    } catch (error) {
      errors.push(error);
      if (!retryable(error) || signal?.aborted || attempt > maxRetries || opts.shouldRetry?.(error) === false) {
        throw fail(attempt);
      }
      const delayMs = backoffDelay(attempt, { ...opts, retryAfterMs: retryAfterOf(error) });
      opts.onRetry?.(error, attempt, delayMs);
      try {
        await sleep(delayMs, signal);
        signal?.throwIfAborted(); // an injected sleep may not honour the signal
      } catch (reason) {
        // Cancelled while waiting: report the cancellation, keeping every earlier failure.
        errors.push(opts.cancelled ? opts.cancelled(error, reason) : reason);
        throw fail(attempt);
      }
    }
  }
}
