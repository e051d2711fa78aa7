const MARKER = Symbol.for("flotilla.error");

export interface FlotillaErrorOptions {
  /** True when trying the same thing again later may succeed (a dropped connection, a 503). */
  isRetryable?: boolean;
  cause?: unknown;
  /** What a person needs to act: which provider, variable, task, subject... Never a secret. */
  context?: Record<string, unknown>;
}

/** True when `value` is an object carrying `marker` set to true (how copies of a package agree). */
export function hasMarker(value: unknown, marker: symbol): boolean {
  return typeof value === "object" && value !== null && Reflect.get(value, marker) === true;
}

/**
 * The base of every error Flotilla throws: a stable `name`, `isRetryable` and the `context` a
 * person needs. Recognised by a `Symbol.for` marker rather than `instanceof`, so two copies of
 * a package in one process still agree; subclasses carry the marker too.
 *
 * @example
 * throw new FlotillaError("no API key — set OPENAI_API_KEY", { context: { variable: "OPENAI_API_KEY" } });
 * if (FlotillaError.is(err) && err.isRetryable) retryLater();
 */
export class FlotillaError extends Error {
  override readonly name: string = "FlotillaError";
  readonly isRetryable: boolean;
  readonly context: Record<string, unknown>;
  readonly [MARKER] = true;

  constructor(message: string, options: FlotillaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.isRetryable = options.isRetryable ?? false;
    this.context = options.context ?? {};
  }

  static is(error: unknown): error is FlotillaError {
    return hasMarker(error, MARKER);
  }
}

/** A cancellation by the caller (AbortController.abort()), which must never be retried. */
export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === "AbortError";
}

/**
 * Whether trying again may help. An abort: never. An error with a verdict (`isRetryable`
 * true or false, as every FlotillaError has): that verdict. Anything else — a dropped socket, a
 * bug — gets the benefit of the doubt, as the bus does: it redelivers until max deliveries and
 * dead-letters at once only what says `isRetryable: false`.
 *
 * @example
 * if (!isRetryable(err)) msg.term(err.message);
 */
export function isRetryable(error: unknown): boolean {
  if (isAbortError(error)) return false;
  const verdict = typeof error === "object" && error !== null ? Reflect.get(error, "isRetryable") : undefined;
  return typeof verdict === "boolean" ? verdict : true;
}
