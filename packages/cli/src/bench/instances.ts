import type { Bus } from "@flotilla/bus";
import { startLocalFleet } from "../local-fleet.ts";
import { teamOfInstance } from "../instances.ts";
import { TEAMS } from "../paths.ts";
import { out } from "../say.ts";
import { cpuMeter, withSandboxCpu, type CpuShares } from "./cpu.ts";
import { profilesSettled, readProfiles, sandboxCpuTotal } from "./counters.ts";
import { explainLimit, fleetCpuPerTask, pct, scalingLine } from "./limit.ts";
import { loadLine } from "./load.ts";
import { throughput } from "./phases.ts";

export interface InstancesRow {
  instances: number;
  tasksPerSecond: number;
  seconds: number;
  cpu: CpuShares;
  /** CPU time of the sandboxed runs during the phase, from their cgroups (0 when none was counted). */
  sandboxMs: number;
}

/**
 * Throughput with `concurrent` tasks in flight for each count of instances of every team (all
 * teams scaled together, zero model latency), with where the CPU went meanwhile and what that
 * says bounded it. Each count gets a fresh fleet and one warm-up task before it is measured.
 */
export async function benchInstances(
  bus: Bus,
  env: NodeJS.ProcessEnv,
  opts: { counts: number[]; concurrent: number; natsPid: number; qdrantPid: number; profileDir: string },
): Promise<InstancesRow[]> {
  const rows: InstancesRow[] = [];
  for (const k of opts.counts) {
    const instances = Object.fromEntries(TEAMS.map((team) => [team, k]));
    const fleet = await startLocalFleet(bus, env, `bench-x${k}`, undefined, { instances });
    try {
      await throughput(bus, 1);
      const teams = [...fleet.procs].flatMap(([name, child]) => {
        const team = teamOfInstance(name);
        return team && child.pid ? [{ name, team, pid: child.pid }] : [];
      });
      const sandboxBefore = sandboxCpuTotal(readProfiles(opts.profileDir));
      const meter = cpuMeter({ teams, nats: opts.natsPid, qdrant: opts.qdrantPid });
      const t = await throughput(bus, opts.concurrent);
      const cpu = meter.stop();
      await profilesSettled();
      const sandboxMs = sandboxCpuTotal(readProfiles(opts.profileDir)) - sandboxBefore;
      rows.push({
        instances: k,
        tasksPerSecond: t.tasks / t.seconds,
        seconds: t.seconds,
        cpu: withSandboxCpu(cpu, sandboxMs),
        sandboxMs,
      });
    } finally {
      await fleet.stop();
    }
  }
  printRows(rows, opts.concurrent);
  return rows;
}

function printRows(rows: InstancesRow[], concurrent: number): void {
  const cores = rows[0]?.cpu.cores ?? 0;
  out(
    `instances: ${concurrent} concurrent tasks, every team scaled together; CPU as a share of the ${cores} cores ` +
      `over the phase (${loadLine()} at the end)`,
  );
  out(`  ${COLUMNS.map(([title, width]) => title.padStart(width)).join("  ")}`);
  for (const r of rows) {
    const c = r.cpu;
    const cells = [
      String(r.instances),
      r.tasksPerSecond.toFixed(2),
      `${r.seconds.toFixed(1)} s`,
      fleetCpuPerTask(c, concurrent).toFixed(2),
      ...[c.teams, c.children, c.nats, c.qdrant, c.bench, c.rest, c.idle].map(pct),
    ];
    out(`  ${cells.map((cell, i) => cell.padStart(COLUMNS[i]![1])).join("  ")}`);
    const perTeam = Object.entries(c.teamCores).map(([team, core]) => `${team} ${pct(core)}`);
    out(`      team processes, share of one core: ${perTeam.join(", ")}`);
    if (c.rest >= 0.05) out(`      other programs: ${othersLine(c)}`);
    out(`      limit: ${explainLimit(c, concurrent)}`);
  }
  const scaling = scalingLine(rows, concurrent);
  if (scaling) out(`  ${scaling}`);
  out(
    "  (CPU-s/task: the fleet's CPU time, its servers' and children's included, per task; children: git, " +
      "bubblewrap and the validation, test and health runs inside it — git as each ends, the sandboxed runs " +
      `from their cgroups${rows.some((r) => r.sandboxMs > 0) ? "" : ", which could not be read here (not root?), so they are in other"})`,
  );
}

const COLUMNS: Array<[string, number]> = [
  ["per team", 8],
  ["tasks/s", 7],
  ["time", 7],
  ["CPU-s/task", 10],
  ["teams", 5],
  ["children", 8],
  ["nats", 5],
  ["qdrant", 6],
  ["bench", 5],
  ["other", 5],
  ["idle", 5],
];

/** The main other users of the CPU by their own time, and what they leave unnamed. */
function othersLine(c: CpuShares): string {
  const named = c.others.filter(([, share]) => share >= 0.01).slice(0, 4);
  const seen = c.others.reduce((n, [, share]) => n + share, 0);
  const parts = named.map(([what, share]) => `${what} ${pct(share)}`);
  return [...parts, `ended during the phase ${pct(Math.max(0, c.rest - seen))}`].join(", ");
}
