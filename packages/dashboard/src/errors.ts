import { FlotillaError, hasMarker } from "@flotilla/errors";

const MARKER = Symbol.for("flotilla.dashboard.error");

/**
 * What the dashboard throws when it cannot start as configured (an unsafe binding, a port in
 * use); the message names the variable to change.
 *
 * @example
 * if (DashboardError.is(err)) console.error(err.message);
 */
export class DashboardError extends FlotillaError {
  override readonly name = "DashboardError";
  private readonly [MARKER] = true;

  static override is(error: unknown): error is DashboardError {
    return hasMarker(error, MARKER);
  }
}
