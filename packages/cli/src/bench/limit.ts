import type { CpuShares } from "./cpu.ts";

export const pct = (x: number) => `${Math.round(x * 100)} %`;

// Below this much idle time the cores themselves are the limit.
const SATURATED_IDLE = 0.15;
// A Node process does a team's work on one thread: this near a full core, it is the bottleneck.
const ONE_CORE = 0.85;
// A server using this much of the machine while cores are free is what the fleet waits on.
const SERVER_BOUND = 0.35;

/**
 * One line saying what bounded a phase's throughput, read from where its CPU went: the cores
 * (and which of the fleet's processes used them, and how much other programs took), one team
 * process on its single thread, nats-server or qdrant, or none of them — then the tasks wait on
 * their steps.
 */
export function explainLimit(s: CpuShares, tasks: number): string {
  const perTask = fleetCpuPerTask(s, tasks);
  const ceiling = `at ${perTask.toFixed(2)} CPU-s per task the ${s.cores} cores allow ${(s.cores / perTask).toFixed(1)} tasks/s`;
  const servers = `nats-server (${pct(s.nats)}) and qdrant (${pct(s.qdrant)})`;
  if (s.idle < SATURATED_IDLE) {
    const fleet: Array<[string, number]> = [
      ["the team processes", s.teams],
      ["git and sandboxed runs", s.children],
      ["nats-server", s.nats],
      ["qdrant", s.qdrant],
    ];
    const [top = "", share = 0] = fleet.reduce((a, b) => (b[1] > a[1] ? b : a));
    const others = s.rest >= 0.1 ? `; other programs took ${pct(s.rest)} of it` : "";
    return `CPU: the ${s.cores} cores are ${pct(1 - s.idle)} busy, the fleet's largest part ${top} (${pct(share)})${others}; ${ceiling}`;
  }
  if (s.busiest.core > ONE_CORE)
    return `one process: ${s.busiest.name} uses ${pct(s.busiest.core)} of a core (one thread) with ${pct(s.idle)} of the machine idle`;
  if (s.nats > SERVER_BOUND) return `NATS: nats-server uses ${pct(s.nats)} of the machine while ${pct(s.idle)} is idle`;
  if (s.qdrant > SERVER_BOUND)
    return `Qdrant: qdrant uses ${pct(s.qdrant)} of the machine while ${pct(s.idle)} is idle`;
  return `not CPU (${pct(s.idle)} idle; ${servers} far from busy): tasks wait on their steps, one after another`;
}

/** CPU seconds the fleet (teams, their children, both servers) spent per task in the phase. */
export function fleetCpuPerTask(s: CpuShares, tasks: number): number {
  return ((s.teams + s.children + s.nats + s.qdrant) * s.cores * s.seconds) / Math.max(1, tasks);
}

/**
 * What the rows say together: how throughput and the CPU each task costs moved with more
 * instances, and whether more could help (only while cores are idle).
 */
export function scalingLine(rows: Array<{ instances: number; tasksPerSecond: number; cpu: CpuShares }>, tasks: number) {
  const [first, last] = [rows[0], rows.at(-1)];
  if (!first || !last || first === last) return undefined;
  const cost = (r: typeof first) => fleetCpuPerTask(r.cpu, tasks).toFixed(2);
  const busy = rows.every((r) => r.cpu.idle < SATURATED_IDLE);
  return (
    `from ${first.instances} to ${last.instances} instances per team: ${first.tasksPerSecond.toFixed(2)} → ` +
    `${last.tasksPerSecond.toFixed(2)} tasks/s, ${cost(first)} → ${cost(last)} CPU-s per task` +
    (busy
      ? `; the cores were busy throughout, so instances add processes (and their own polling, health and memory), not capacity`
      : `; some rows left cores idle: their limit lines say what bound them`)
  );
}
