const MARKER = Symbol.for("flotilla.bus.error");

export interface BusErrorOptions {
  /** True when trying again later may succeed (NATS unreachable, a revision conflict). */
  isRetryable?: boolean;
  cause?: unknown;
  /** What a person needs to act: subject, bucket, key, durable... */
  context?: Record<string, unknown>;
}

/**
 * The one error the bus throws. Recognised by a marker rather than `instanceof`, so two copies
 * of this package in one process still agree (`BusError.is(err)`).
 *
 * @example
 * try { await bus.publish(subject, msg) } catch (err) { if (BusError.is(err) && err.isRetryable) retryLater() }
 */
export class BusError extends Error {
  override readonly name = "BusError";
  readonly isRetryable: boolean;
  readonly context: Record<string, unknown>;
  private readonly [MARKER] = true;

  constructor(message: string, options: BusErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.isRetryable = options.isRetryable ?? false;
    this.context = options.context ?? {};
  }

  static is(error: unknown): error is BusError {
    return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[MARKER] === true;
  }
}

/** Wraps a NATS failure (connection, timeout, API error) as a retryable BusError. */
export function natsFailure(what: string, cause: unknown, context: Record<string, unknown> = {}): BusError {
  if (BusError.is(cause)) return cause;
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new BusError(`${what}: ${detail}`, { isRetryable: true, cause, context });
}
