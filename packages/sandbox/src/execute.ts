import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { createPidsCgroup, joinCgroupPrefix, pidsRefused, removeCgroup } from "./cgroup.ts";
import { SandboxUnavailableError } from "./errors.ts";
import { exitStatus, limitHit, limitPrefix, STDERR_TAIL_BYTES } from "./limits.ts";
import { cappedOutput } from "./output.ts";
import { bwrapArgs } from "./profile.ts";
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
    return await spawnAndWait(argv, request, cgroup);
  } finally {
    if (cgroup) await removeCgroup(cgroup);
  }
}

function spawnAndWait(argv: string[], request: ValidRequest, cgroup: string | undefined): Promise<SandboxRun> {
  const { limits } = request;
  const stdout = cappedOutput(limits.outputBytes);
  const stderr = cappedOutput(limits.outputBytes);
  const started = performance.now();
  // An empty environment even for bwrap: its PID 1 inside the sandbox keeps the environment it was started with.
  const child = spawn(argv[0]!, argv.slice(1), {
    env: {},
    detached: true,
    stdio: [request.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  let killedFor: "wall_time" | "output" | undefined;
  const kill = (reason: "wall_time" | "output") => {
    killedFor ??= reason;
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  };
  const timer = setTimeout(() => kill("wall_time"), limits.wallMs);
  child.stdout?.on("data", (chunk: Buffer) => stdout.add(chunk) || kill("output"));
  child.stderr?.on("data", (chunk: Buffer) => stderr.add(chunk) || kill("output"));
  if (child.stdin) {
    child.stdin.on("error", () => {}); // the command need not read its input
    child.stdin.end(request.stdin);
  }

  return new Promise((resolve, reject) => {
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(new SandboxUnavailableError(`bwrap could not be started: ${err.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const status = exitStatus(code, signal);
      const end = { ...status, killedFor, pidsRefused: cgroup ? pidsRefused(cgroup) : false };
      const hit = limitHit({ ...end, stderrTail: stderr.tail(STDERR_TAIL_BYTES) });
      resolve({
        command: request.command,
        args: request.args,
        ...status,
        durationMs: Math.round(performance.now() - started),
        ...(hit ? { limitHit: hit } : {}),
        stdout: stdout.result(),
        stderr: stderr.result(),
        sandbox: "bubblewrap",
      });
    });
  });
}
