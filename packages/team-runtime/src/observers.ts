import type { Logger } from "@flotilla/log";

/**
 * Sends a message for observers only (progress, agent metrics, a completion: nobody waits on
 * them) once the current turn is over, so validating and encoding it never holds up the step it
 * reports on: the step's next request goes out first, and this runs while it is answered.
 * setImmediate keeps their order, and the context (trace, task) of the turn that asked for each.
 * Losing one must not fail the work: a failure is logged with `fields`.
 */
export function forObservers(log: Logger, what: string, fields: Record<string, unknown>, send: () => void): void {
  setImmediate(() => {
    try {
      send();
    } catch (err) {
      log.warn({ ...fields, err: (err as Error).message }, `could not publish ${what}`);
    }
  });
}
