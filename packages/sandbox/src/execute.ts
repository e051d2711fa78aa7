import { createPidsCgroup, joinCgroupPrefix, pidsRefused, removeCgroup } from "./cgroup.ts";
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
  try {
    if (launcher.pidsParent) cgroup = createPidsCgroup(launcher.pidsParent, request.limits.processes);
  } catch (err) {
    throw new SandboxUnavailableError(
      `the pids cgroup cannot be created (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  try {
    const argv = [
      ...(cgroup ? joinCgroupPrefix(cgroup) : []),
      launcher.bwrapPath,
      ...bwrapArgs(request),
      ...limitPrefix(request.limits),
      request.command,
      ...request.args,
    ];
    return await supervise(request, {
      argv,
      // An empty environment even for bwrap: its PID 1 inside the sandbox keeps the environment it was started with.
      env: {},
      sandbox: "bubblewrap",
      stop: killGroup,
      ...(cgroup ? { pidsRefused: () => pidsRefused(cgroup!) } : {}),
    });
  } finally {
    if (cgroup) await removeCgroup(cgroup);
  }
}
