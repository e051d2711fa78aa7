import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";

const PREFIX = "flotilla-sandbox-";
const V2 = "/sys/fs/cgroup";
const V1 = "/sys/fs/cgroup/pids";

const read = (path: string) => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
};

/**
 * Where a root-run sandbox gets its pids cgroup: the cgroup v2 root when it hands the pids
 * controller to its children, else the v1 pids hierarchy. Undefined when neither is there.
 */
export function pidsParent(): string | undefined {
  if (read(join(V2, "cgroup.subtree_control")).split(/\s+/).includes("pids")) return V2;
  if (existsSync(join(V1, "cgroup.procs"))) return V1;
  return undefined;
}

/** A fresh cgroup allowing `max` processes (threads included); returns its directory. */
export function createPidsCgroup(parent: string, max: number): string {
  const dir = join(parent, `${PREFIX}${randomUUID()}`);
  mkdirSync(dir);
  writeFileSync(join(dir, "pids.max"), String(max));
  return dir;
}

/** True when the cgroup refused at least one fork ("max N" in pids.events). */
export function pidsRefused(dir: string): boolean {
  const count = /^max (\d+)/m.exec(read(join(dir, "pids.events")))?.[1];
  return Number(count ?? 0) > 0;
}

/** Removes the cgroup once its last process is gone (the kernel releases them just after exit). */
export async function removeCgroup(dir: string): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt++) {
    try {
      rmdirSync(dir);
      return;
    } catch (err) {
      if (err instanceof Error && "code" in err && err.code === "ENOENT") return;
      await sleep(5);
    }
  }
}

/**
 * Removes cgroups left by runs whose host process died. Only old ones: a new one may still be
 * waiting for its process, and rmdir refuses any that holds a process anyway.
 */
export function sweepCgroups(parent: string, olderThanMs = 60_000): void {
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = join(parent, name);
    try {
      if (Date.now() - statSync(dir).mtimeMs > olderThanMs) rmdirSync(dir);
    } catch {
      // in use, or gone already
    }
  }
}

/**
 * The shell prefix that moves itself into the cgroups, then becomes bwrap (so every sandboxed
 * process is in them). The first is the pids cgroup; a second, on cgroup v1, counts CPU time.
 */
export function joinCgroupPrefix(dir: string, cpuDir?: string): string[] {
  const join1 = 'echo $$ > "$0" || { echo "flotilla sandbox: cannot join the pids cgroup $0" >&2; exit 125; }; ';
  const join2 = cpuDir
    ? 'echo $$ > "$1" || { echo "flotilla sandbox: cannot join the cpu cgroup $1" >&2; exit 125; }; '
    : "";
  const procs = [join(dir, "cgroup.procs"), ...(cpuDir ? [join(cpuDir, "cgroup.procs")] : [])];
  return ["/bin/sh", "-c", `${join1}${join2}shift ${procs.length - 1}; exec "$@"`, ...procs];
}

const V1_CPU = "/sys/fs/cgroup/cpuacct";

/**
 * Where a run's CPU time is counted: on cgroup v2 its pids cgroup itself (every v2 cgroup has
 * `cpu.stat`), on v1 a cgroup of its own in the cpuacct hierarchy. Undefined when neither is there.
 */
export function cpuParent(pids: string): { parent: string; own: boolean } | undefined {
  if (pids === V2) return { parent: V2, own: false };
  if (existsSync(join(V1_CPU, "cgroup.procs"))) return { parent: V1_CPU, own: true };
  return undefined;
}

/** A fresh cgroup in the cpuacct hierarchy (v1); returns its directory. */
export function createCpuCgroup(parent: string): string {
  const dir = join(parent, `${PREFIX}${randomUUID()}`);
  mkdirSync(dir);
  return dir;
}

/** CPU time used by every process that was in the cgroup, in ms; undefined when it cannot be read. */
export function cpuUsageMs(dir: string): number | undefined {
  const v2 = /^usage_usec (\d+)/m.exec(read(join(dir, "cpu.stat")))?.[1];
  if (v2 !== undefined) return Number(v2) / 1_000;
  const v1 = read(join(dir, "cpuacct.usage")).trim();
  return v1 ? Number(v1) / 1e6 : undefined;
}
