import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, createWriteStream, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";

export interface ServerHandle {
  name: string;
  url: string;
  pid: number;
  /** Stops the process (SIGTERM, then SIGKILL after a grace period). */
  stop(): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  logFile: string;
  /** Detached processes outlive this one (`flotilla up`). */
  detached?: boolean;
}

/** Spawns a server process with its output in a log file, never on our stdout. */
export function spawnServer(opts: SpawnOptions): ChildProcess {
  mkdirSync(dirname(opts.logFile), { recursive: true });
  if (opts.detached) {
    // A detached server outlives us: it must write to the file itself, not to a pipe we read,
    // or its first log line after we exit kills it with SIGPIPE.
    const fd = openSync(opts.logFile, "a");
    const child = spawn(opts.command, opts.args, {
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ["ignore", fd, fd],
      detached: true,
    });
    closeSync(fd);
    child.unref();
    return child;
  }
  const out = createWriteStream(opts.logFile, { flags: "a" });
  const child = spawn(opts.command, opts.args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return child;
}

export async function stopPid(pid: number, graceMs = 5_000): Promise<void> {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    /* already gone */
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
