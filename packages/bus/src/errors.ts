import { FlotillaError, hasMarker, type FlotillaErrorOptions } from "@flotilla/errors";

const MARKER = Symbol.for("flotilla.bus.error");

export interface BusErrorOptions extends FlotillaErrorOptions {
  /** True when trying again later may succeed (NATS unreachable, a revision conflict). */
  isRetryable?: boolean;
  /** What a person needs to act: subject, bucket, key, durable... */
  context?: Record<string, unknown>;
}

/**
 * The one error the bus throws. Recognised by a marker rather than `instanceof`, so two copies
 * of this package in one process still agree (`BusError.is(err)`; `FlotillaError.is(err)` too).
 *
 * @example
 * try { await bus.publish(subject, msg) } catch (err) { if (BusError.is(err) && err.isRetryable) retryLater() }
 */
export class BusError extends FlotillaError {
  override readonly name = "BusError";
  private readonly [MARKER] = true;

  static override is(error: unknown): error is BusError {
    return hasMarker(error, MARKER);
  }
}

/** Wraps a NATS failure (connection, timeout, API error) as a retryable BusError. */
export function natsFailure(what: string, cause: unknown, context: Record<string, unknown> = {}): BusError {
  if (BusError.is(cause)) return cause;
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new BusError(`${what}: ${detail}`, { isRetryable: true, cause, context });
}
