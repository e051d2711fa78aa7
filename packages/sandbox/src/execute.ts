import {
  cpuParent,
  cpuUsageMs,
  createCpuCgroup,
  createPidsCgroup,
  joinCgroupPrefix,
  pidsRefused,
  removeCgroup,
} from "./cgroup.ts";
import { SandboxUnavailableError } from "./errors.ts";
import { limitPrefix } from "./limits.ts";
import { bwrapArgs } from "./profile.ts";
import { killGroup, supervise } from "./supervise.ts";
import type { SandboxRun } from "./types.ts";
import type { ValidRequest } from "./validate.ts";

/** How to start bwrap on this host: which binary, and the pids cgroup parent when running as root. */
export interface Launcher {
  bwrapPath: string;
  pidsParent?: string;
}

/**
 * Runs a checked request in bwrap and waits for every process of it to be gone. bwrap starts in
 * a process group of its own; killing that group kills bwrap, and with it (--die-with-parent, a
 * new PID namespace) everything the command started. Resolves for whatever the command does.
 */
export async function execute(request: ValidRequest, launcher: Launcher): Promise<SandboxRun> {
  let cgroup: string | undefined;
  // The sandboxed processes are not the caller's children once bwrap is gone (its PID namespace
  // hands them elsewhere), so their CPU time is read from a cgroup: the pids one on v2.
  let cpuGroup: string | undefined;
  try {
    if (launcher.pidsParent) cgroup = createPidsCgroup(launcher.pidsParent, request.limits.processes);
  } catch (err) {
    throw new SandboxUnavailableError(
      `the pids cgroup cannot be created (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  const cpu = cgroup && launcher.pidsParent ? cpuParent(launcher.pidsParent) : undefined;
  try {
    cpuGroup = cpu?.own ? createCpuCgroup(cpu.parent) : cpu ? cgroup : undefined;
  } catch {
    cpuGroup = undefined; // counting CPU is for the bench: a run never fails for it
  }
  try {
    const argv = [
      ...(cgroup ? joinCgroupPrefix(cgroup, cpuGroup === cgroup ? undefined : cpuGroup) : []),
      launcher.bwrapPath,
      ...bwrapArgs(request),
      ...limitPrefix(request.limits),
      request.command,
      ...request.args,
    ];
    const run = await supervise(request, {
      argv,
      // An empty environment even for bwrap: its PID 1 inside the sandbox keeps the environment it was started with.
      env: {},
      sandbox: "bubblewrap",
      stop: killGroup,
      ...(cgroup ? { pidsRefused: () => pidsRefused(cgroup!) } : {}),
    });
    const cpuMs = cpuGroup ? cpuUsageMs(cpuGroup) : undefined;
    return cpuMs === undefined ? run : { ...run, cpuMs };
  } finally {
    if (cgroup) await removeCgroup(cgroup);
    if (cpuGroup && cpuGroup !== cgroup) await removeCgroup(cpuGroup);
  }
}
