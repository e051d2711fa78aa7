import { subjects, type CircuitBreakerStateChanged } from "@flotilla/contracts";
import type { Bus } from "@flotilla/bus";
import { loadConfig } from "@flotilla/config";
import { canConnect } from "@flotilla/infra";
import { cliBus } from "../connect.ts";

/** The latest breaker change a team's processes published, or null when none ever did. */
export interface BreakerReport {
  breaker: string;
  state: CircuitBreakerStateChanged["circuit_breaker_state"];
  reportedAt: string;
  estimatedRecoveryMs?: number;
}

/** Resolves to undefined after `ms` (the timer does not keep the process alive). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Per team, the last message on circuit_breaker.<team>.state_changed. There is one subject per
 * team, so this is the breaker that changed last in that team, not every breaker's state.
 * Undefined when NATS does not answer within `timeoutMs` (the caller then says nothing).
 */
export async function latestBreakerReports(
  teams: string[],
  timeoutMs = 1_500,
): Promise<Map<string, BreakerReport | null> | undefined> {
  // A port probe first: nothing listening is the common case, and cliBus would open its log
  // file for nothing (a pino file stream still opening when the CLI exits makes it fail).
  const nats = new URL(loadConfig().NATS_URL.replace(/^(nats|tls):/, "http:"));
  if (!(await canConnect(nats.hostname, Number(nats.port || 4222), timeoutMs))) return undefined;
  const connecting = cliBus();
  const bus = await within(
    connecting.catch(() => undefined),
    timeoutMs,
  );
  if (!bus) {
    void connecting.then((late) => late.close()).catch(() => undefined);
    return undefined;
  }
  try {
    return await within(readReports(bus, teams), timeoutMs);
  } finally {
    await bus.close().catch(() => undefined);
  }
}

async function readReports(bus: Bus, teams: string[]): Promise<Map<string, BreakerReport | null>> {
  const reports = new Map<string, BreakerReport | null>();
  for (const team of teams) {
    const m = await bus.lastMessage<CircuitBreakerStateChanged>(subjects.breaker(team)).catch(() => null);
    reports.set(
      team,
      m && {
        breaker: m.breaker,
        state: m.circuit_breaker_state,
        reportedAt: m.timestamp,
        ...(m.estimated_recovery_time_ms === undefined ? {} : { estimatedRecoveryMs: m.estimated_recovery_time_ms }),
      },
    );
  }
  return reports;
}
