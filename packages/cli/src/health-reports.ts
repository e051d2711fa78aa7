import type { Bus } from "@flotilla/bus";
import { busInternals } from "@flotilla/bus/internals";
import { TeamHealth } from "@flotilla/contracts";

/**
 * The latest report of every instance of `team` that reported health in the last `withinMs`.
 * `lastMessage` gives one report per team; with several instances of a team
 * only the stream holds them all, so this reads TEAM_EVENTS from that moment on.
 */
export async function recentHealth(bus: Bus, team: string, withinMs: number): Promise<TeamHealth[]> {
  const { js } = busInternals(bus);
  const consumer = await js.consumers.get("TEAM_EVENTS", {
    filter_subjects: `team.${team}.health`,
    deliver_policy: "by_start_time",
    opt_start_time: new Date(Date.now() - withinMs).toISOString(),
  });
  const latest = new Map<string, TeamHealth>();
  for (;;) {
    const m = await consumer.next({ expires: 1_000 });
    if (!m) break;
    const report = TeamHealth.safeParse(m.json());
    if (report.success) latest.set(report.data.instance_id, report.data);
    if (m.info.pending === 0) break;
  }
  return [...latest.values()];
}
