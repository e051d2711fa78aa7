/**
 * Where the CPU went during a bench phase, from /proc (Linux): each process's own time, the time
 * of its children that ended (a team's git and sandboxed runs, reaped by the team), and the
 * machine's busy and idle time. Everything is a share of the machine's capacity (all cores for
 * the phase's wall time), so the shares and `idle` add up to 1.
 */
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { otherProcesses } from "./others.ts";

export interface CpuShares {
  seconds: number;
  cores: number;
  /** The team processes themselves (Node), summed. */
  teams: number;
  /** The teams' children: git, bubblewrap and what runs in it (validation, tests, health checks). */
  children: number;
  nats: number;
  qdrant: number;
  /** This process: the bench client submitting and following the tasks. */
  bench: number;
  /** Busy time of everything else on the machine (other users' work, the kernel). */
  rest: number;
  /** The main other users within `rest`, by program, largest first. */
  others: Array<[string, number]>;
  idle: number;
  /** Per team: its instances' own time summed, as a share of one core. */
  teamCores: Record<string, number>;
  /** The busiest single team process, as a share of one core (a Node process works on one thread). */
  busiest: { name: string; core: number };
}

interface Ticks {
  self: number;
  children: number;
}

/** utime+stime and cutime+cstime of a process, in clock ticks; zero once it is gone. */
function procTicks(pid: number | "self"): Ticks {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which may itself hold spaces and parentheses.
    const fields = stat
      .slice(stat.lastIndexOf(")") + 2)
      .split(" ")
      .map(Number);
    const at = (field: number) => fields[field - 3] ?? 0;
    return { self: at(14) + at(15), children: at(16) + at(17) };
  } catch {
    return { self: 0, children: 0 };
  }
}

/** The machine's busy and total ticks over all cores (guest time is already in user). */
function machineTicks(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0] ?? "";
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return { busy: total - idle - iowait, total };
}

export interface MeteredProcesses {
  /** Team processes by instance name (`development`, `development-2`, …) with their team. */
  teams: Array<{ name: string; team: string; pid: number }>;
  nats: number;
  qdrant: number;
}

/** Starts counting now; `stop()` returns the shares since. */
export function cpuMeter(procs: MeteredProcesses): { stop(): CpuShares } {
  const started = performance.now();
  const others = otherProcesses();
  const machine = machineTicks();
  const teams = procs.teams.map((t) => ({ ...t, ticks: procTicks(t.pid) }));
  const servers = { nats: procTicks(procs.nats), qdrant: procTicks(procs.qdrant), bench: procTicks("self") };
  return {
    stop() {
      const now = machineTicks();
      const total = Math.max(1, now.total - machine.total);
      const share = (ticks: number) => ticks / total;
      const delta = (before: Ticks, pid: number | "self") => {
        const after = procTicks(pid);
        return { self: after.self - before.self, children: after.children - before.children };
      };
      const perTeam = teams.map((t) => ({ ...t, used: delta(t.ticks, t.pid) }));
      const cores = cpus().length;
      const teamCores: Record<string, number> = {};
      for (const t of perTeam) teamCores[t.team] = (teamCores[t.team] ?? 0) + share(t.used.self) * cores;
      const busiest = perTeam.reduce<(typeof perTeam)[number] | undefined>(
        (a, b) => (!a || b.used.self > a.used.self ? b : a),
        undefined,
      );
      const shares = {
        teams: share(perTeam.reduce((n, t) => n + t.used.self, 0)),
        children: share(perTeam.reduce((n, t) => n + t.used.children, 0)),
        nats: share(delta(servers.nats, procs.nats).self),
        qdrant: share(delta(servers.qdrant, procs.qdrant).self),
        bench: share(delta(servers.bench, "self").self),
      };
      const measured = Object.values(shares).reduce((n, x) => n + x, 0);
      return {
        seconds: (performance.now() - started) / 1000,
        cores,
        ...shares,
        rest: Math.max(0, share(now.busy - machine.busy) - measured),
        others: others.stop(total),
        idle: 1 - share(now.busy - machine.busy),
        teamCores,
        busiest: { name: busiest?.name ?? "none", core: busiest ? share(busiest.used.self) * cores : 0 },
      };
    },
  };
}

/**
 * The shares with the sandboxed runs' CPU time (`ms`, from their cgroups) counted where it
 * belongs: in `children`. /proc saw it only as busy time of no known process (`rest`), since
 * bubblewrap's processes are nobody's children once it is gone.
 */
export function withSandboxCpu(c: CpuShares, ms: number): CpuShares {
  const share = Math.min(c.rest, ms / 1000 / Math.max(1e-9, c.seconds * c.cores));
  return { ...c, children: c.children + share, rest: c.rest - share };
}
