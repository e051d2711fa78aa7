import { backoffDelay, retry, type RetryOptions as BaseRetryOptions } from "@flotilla/errors";
import { ProviderError } from "../errors.ts";

/** The options of `retry` from @flotilla/errors (SPEC §10: 3 retries, 1 s doubling to 30 s), typed for ProviderErrors. */
export type RetryOptions = Omit<BaseRetryOptions<ProviderError>, "retryable" | "cancelled" | "giveUp">;

/**
 * What `withRetry` throws when more than one attempt was made: the last error's kind, status
 * and variable (so callers can still say what to fix), every error in order, and the attempt
 * count. Not retryable itself: the budget is spent, and a caller retrying it would multiply
 * the attempts (3 × 3). A failure on the very first attempt is thrown unwrapped.
 */
export class RetryError extends ProviderError {
  override readonly name: string = "RetryError";
  readonly errors: ProviderError[];
  readonly attempts: number;
  readonly lastError: ProviderError;

  constructor(errors: ProviderError[], attempts: number) {
    const last = errors[errors.length - 1]!;
    super(`${last.message} (gave up after ${attempts} attempt${attempts === 1 ? "" : "s"})`, {
      provider: last.provider,
      model: last.model,
      kind: last.kind,
      status: last.status,
      retryAfterMs: last.retryAfterMs,
      variable: last.variable,
      cause: last,
      isRetryable: false,
    });
    this.errors = errors;
    this.attempts = attempts;
    this.lastError = last;
  }
}

/** The delay before retry number `retry` (1-based), honouring a provider's retry-after. */
export function retryDelay(err: ProviderError, retry: number, opts: RetryOptions = {}): number {
  return backoffDelay(retry, { ...opts, retryAfterMs: err.retryAfterMs });
}

const isTransient = (err: unknown): err is ProviderError => ProviderError.is(err) && err.isRetryable;

/**
 * `retry` for model calls: only retryable ProviderErrors (429, 5xx, timeouts, connection resets)
 * are retried. Anything else — a permanent ProviderError, a programming error (thrown as is), an
 * abort — ends it at once. Returns the value and the retry count.
 *
 * @example
 * const { value, retries } = await withRetry((n) => adapter.complete(req), { signal });
 */
export function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  opts: RetryOptions = {},
): Promise<{ value: T; retries: number }> {
  return retry(fn, {
    ...opts,
    retryable: isTransient,
    cancelled: (last, cause) =>
      new ProviderError(`${last.provider}/${last.model}: cancelled while waiting to retry`, {
        provider: last.provider,
        model: last.model,
        kind: "aborted",
        cause,
      }),
    // A programming error is thrown as is; several provider failures are kept in one RetryError.
    giveUp: (errors, attempts) => {
      const failures = errors.filter((e) => ProviderError.is(e));
      const last = errors.at(-1);
      return ProviderError.is(last) ? new RetryError(failures, attempts) : last;
    },
  });
}
