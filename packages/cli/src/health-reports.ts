import type { z } from "zod";
import type { Bus } from "@flotilla/bus";
import { busInternals } from "@flotilla/bus/internals";
import { stoppedSince, TEAM_STOPPED, TeamHealth, TeamStatus } from "@flotilla/contracts";

/**
 * What TEAM_EVENTS holds on `subject` from `withinMs` ago on, oldest first (what `schema` does not
 * accept is skipped). `lastMessage` gives one message per subject; with several instances of a
 * team only the stream holds them all.
 */
async function recentOn<T>(bus: Bus, subject: string, schema: z.ZodType<T>, withinMs: number): Promise<T[]> {
  const { js } = busInternals(bus);
  const consumer = await js.consumers.get("TEAM_EVENTS", {
    filter_subjects: subject,
    deliver_policy: "by_start_time",
    opt_start_time: new Date(Date.now() - withinMs).toISOString(),
  });
  const found: T[] = [];
  for (;;) {
    const m = await consumer.next({ expires: 1_000 });
    if (!m) break;
    const parsed = schema.safeParse(m.json());
    if (parsed.success) found.push(parsed.data);
    if (m.info.pending === 0) break;
  }
  return found;
}

/** The latest report of every instance of `team` that reported health in the last `withinMs`. */
export async function recentHealth(bus: Bus, team: string, withinMs: number): Promise<TeamHealth[]> {
  const latest = new Map<string, TeamHealth>();
  for (const report of await recentOn(bus, `team.${team}.health`, TeamHealth, withinMs))
    latest.set(report.instance_id, report);
  return [...latest.values()];
}

/** What each instance of `team` that stopped in the last `withinMs` said then (`stopped` on team.<team>.status). */
export async function recentStops(bus: Bus, team: string, withinMs: number): Promise<Map<string, TeamStatus>> {
  const stops = new Map<string, TeamStatus>();
  for (const s of await recentOn(bus, `team.${team}.status`, TeamStatus, withinMs))
    if (s.status === TEAM_STOPPED) stops.set(s.instance_id, s);
  return stops;
}

/**
 * Whether `team` has an instance up by its reports: its latest health report is within 3
 * intervals, and the instance that sent it did not say `stopped` since.
 */
export async function reportsUp(bus: Bus, team: string, intervalMs: number): Promise<boolean> {
  const [health, said] = await Promise.all([
    bus.lastMessage<TeamHealth>(`team.${team}.health`).catch(() => null),
    bus.lastMessage<TeamStatus>(`team.${team}.status`).catch(() => null),
  ]);
  if (!health || Date.now() - Date.parse(health.timestamp) > 3 * intervalMs) return false;
  return !stoppedSince(health, said);
}
