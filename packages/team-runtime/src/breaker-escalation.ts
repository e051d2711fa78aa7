import { envelope, type TeamName } from "@flotilla/contracts";
import type { Bus } from "@flotilla/bus";
import type { Logger } from "@flotilla/log";

/** SPEC §10: a circuit that has not closed for this long needs a person. */
export const BREAKER_ESCALATION_MS = 15 * 60_000;

interface BreakerEvent {
  key: string;
  to: string;
}

/**
 * A breaker listener that raises `escalation.human.required` once a circuit has stayed away
 * from CLOSED (open, or half-open trials failing) for `afterMs`. It looks at each transition,
 * and a failing circuit transitions every recovery period, so it fires at most one period late.
 */
export function breakerEscalation(
  who: { team: TeamName; instanceId: string; bus: Pick<Bus, "publish">; logger: Logger },
  afterMs = BREAKER_ESCALATION_MS,
  now: () => number = Date.now,
): (e: BreakerEvent) => void {
  const openSince = new Map<string, number>();
  const escalated = new Set<string>();
  return (e) => {
    if (e.to === "CLOSED") {
      openSince.delete(e.key);
      escalated.delete(e.key);
      return;
    }
    const since = openSince.get(e.key) ?? now();
    openSince.set(e.key, since);
    if (escalated.has(e.key) || now() - since < afterMs) return;
    escalated.add(e.key);
    void who.bus
      .publish("escalation.human.required", {
        ...envelope({ sender: { team: who.team, agent: "runtime", instance_id: who.instanceId } }),
        team: who.team,
        reason:
          `the circuit of model ${e.key} has not closed for ${Math.round((now() - since) / 60_000)} minutes: ` +
          "its provider keeps failing; check its key, quota and status",
        since: new Date(since).toISOString(),
      })
      .catch((err: Error) => who.logger.warn({ err: err.message }, "could not publish the escalation"));
  };
}
