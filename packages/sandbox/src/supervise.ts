import { spawn, type ChildProcess } from "node:child_process";
import { performance } from "node:perf_hooks";
import { SandboxUnavailableError } from "./errors.ts";
import { exitStatus, limitHit, STDERR_TAIL_BYTES } from "./limits.ts";
import { cappedOutput } from "./output.ts";
import type { SandboxKind, SandboxRun } from "./types.ts";
import type { ValidRequest } from "./validate.ts";

/** How one backend starts and ends a run; the watching (timer, output caps, result) is shared. */
export interface Supervision {
  /** The launcher's command line: bwrap's or docker's, up to and including the command. */
  argv: string[];
  /** The launcher's own environment (never the command's: that one is in `argv`). */
  env: NodeJS.ProcessEnv;
  sandbox: SandboxKind;
  /** Ends the run for good; called once, at the wall time or the output cap. */
  stop: (child: ChildProcess) => void;
  /** Whether a pids cgroup refused a fork, read once the run is over. */
  pidsRefused?: () => boolean;
}

/** Kills the launcher's process group (it was started detached, so the group is its own). */
export function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    // already gone
  }
}

/**
 * Starts the launcher in a process group of its own, feeds stdin, keeps the first `outputBytes`
 * of each stream, stops the run at the wall time or the output cap, and resolves once the
 * launcher is gone, whatever the command did.
 */
export function supervise(request: ValidRequest, how: Supervision): Promise<SandboxRun> {
  const { limits } = request;
  const stdout = cappedOutput(limits.outputBytes);
  const stderr = cappedOutput(limits.outputBytes);
  const started = performance.now();
  const child = spawn(how.argv[0]!, how.argv.slice(1), {
    env: how.env,
    detached: true,
    stdio: [request.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  let killedFor: "wall_time" | "output" | undefined;
  const kill = (reason: "wall_time" | "output") => {
    if (killedFor) return;
    killedFor = reason;
    how.stop(child);
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
      const launcher = how.sandbox === "docker" ? "docker" : "bwrap";
      reject(new SandboxUnavailableError(`${launcher} could not be started: ${err.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const status = exitStatus(code, signal);
      const end = { ...status, killedFor, pidsRefused: how.pidsRefused?.() ?? false };
      const hit = limitHit({ ...end, stderrTail: stderr.tail(STDERR_TAIL_BYTES) });
      resolve({
        command: request.command,
        args: request.args,
        ...status,
        durationMs: Math.round(performance.now() - started),
        ...(hit ? { limitHit: hit } : {}),
        stdout: stdout.result(),
        stderr: stderr.result(),
        sandbox: how.sandbox,
      });
    });
  });
}
