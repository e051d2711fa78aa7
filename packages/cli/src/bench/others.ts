/**
 * Who else used the CPU during a phase: every process not ours that was there at its end,
 * grouped by what it runs (the program and its script), from its own time in /proc at the
 * start and the end. Processes that ended in between are not seen (their parents' children
 * time would count them again, nested), so this names the main other users, not every tick.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename } from "node:path";

type Snapshot = Map<number, { label: string; ticks: number; parent: number }>;

/** "node development/src/main.ts", "qdrant", "[kworker]": the program and, for node, its script. */
function labelOf(pid: string, comm: string): string {
  const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  if (argv.length === 0) return `[${comm.replace(/\/.*/, "")}]`;
  const program = basename(argv[0] ?? "?");
  const script = argv.slice(1).find((a) => !a.startsWith("-") && /[/.]/.test(a));
  return program === "node" && script ? `node ${script.split("/").slice(-3).join("/")}` : program;
}

function snapshot(): Snapshot {
  const found: Snapshot = new Map();
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat
        .slice(stat.lastIndexOf(")") + 2)
        .split(" ")
        .map(Number);
      const ticks = (fields[11] ?? 0) + (fields[12] ?? 0);
      found.set(Number(pid), { label: labelOf(pid, comm), ticks, parent: fields[1] ?? 0 });
    } catch {
      // Gone between the listing and the read.
    }
  }
  return found;
}

/** Whether `pid` is `root` or runs below it (the bench's servers, teams and their children). */
function below(processes: Snapshot, pid: number, root: number): boolean {
  for (let at = pid, hops = 0; at > 1 && hops < 64; at = processes.get(at)?.parent ?? 0, hops++)
    if (at === root) return true;
  return false;
}

/**
 * Starts now; `stop(totalTicks)` gives the shares of `totalTicks` that processes outside this
 * one's tree used meanwhile, by label, largest first.
 */
export function otherProcesses(): { stop(totalTicks: number): Array<[string, number]> } {
  const before = snapshot();
  return {
    stop(totalTicks) {
      const now = snapshot();
      const byLabel = new Map<string, number>();
      for (const [pid, seen] of now) {
        if (below(now, pid, process.pid)) continue;
        const used = seen.ticks - (before.get(pid)?.ticks ?? 0);
        if (used > 0) byLabel.set(seen.label, (byLabel.get(seen.label) ?? 0) + used);
      }
      return [...byLabel]
        .map(([label, ticks]): [string, number] => [label, ticks / Math.max(1, totalTicks)])
        .sort((a, b) => b[1] - a[1]);
    },
  };
}
