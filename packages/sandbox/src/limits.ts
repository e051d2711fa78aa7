import { constants } from "node:os";
import type { LimitHit, SandboxLimits } from "./types.ts";

/** util-linux prlimit, inside the sandbox: sets the limits on itself, then execs the command. */
const PRLIMIT = "/usr/bin/prlimit";

/**
 * The command's prefix that applies the per-process limits. RLIMIT_NPROC is counted per user in
 * the sandbox's own user namespace (so it counts the sandbox's processes and threads only), but
 * the kernel does not apply it to root: a run as root also gets a pids cgroup (cgroup.ts).
 */
export function limitPrefix(limits: SandboxLimits): string[] {
  const { cpuSeconds, memoryBytes, processes } = limits;
  return [
    PRLIMIT,
    `--nproc=${processes}`,
    `--data=${memoryBytes}`,
    `--cpu=${cpuSeconds}:${cpuSeconds + 1}`,
    "--core=0",
    "--",
  ];
}

// The kernel tells the program, not us, that an allocation or a fork was refused; these are the
// messages runtimes print when they die of it (node, V8, glibc, Python, Go, Rust, sh, bash).
const MEMORY = new RegExp(
  [
    "Array buffer allocation failed",
    "heap out of memory",
    "Fatal process out of memory",
    "Cannot allocate memory",
    "\\bENOMEM\\b",
    "std::bad_alloc",
    "MemoryError",
    "runtime: out of memory",
    "memory allocation of \\d+ bytes failed",
  ].join("|"),
);
const PROCESSES =
  /\bEAGAIN\b|Resource temporarily unavailable|Cannot fork|can't fork|BlockingIOError|can't start new thread|pthread_create/;
/** Only the end of stderr is read: a fatal error is the last thing a program prints. */
export const STDERR_TAIL_BYTES = 4_096;

export interface RunEnd {
  /** The limit that made us kill the sandbox, if we did. */
  killedFor?: "wall_time" | "output";
  /** The pids cgroup refused a fork (exact, when a cgroup was used). */
  pidsRefused: boolean;
  exitCode: number | null;
  signal: string | null;
  stderrTail: string;
}

/** Which limit a run hit: our own kills first, then what the kernel reported, then the program's dying words. */
export function limitHit(end: RunEnd): LimitHit | undefined {
  if (end.killedFor) return end.killedFor;
  if (end.pidsRefused) return "processes";
  if (end.signal === "SIGXCPU") return "cpu_time";
  if (end.exitCode === 0) return undefined;
  if (MEMORY.test(end.stderrTail)) return "memory";
  if (PROCESSES.test(end.stderrTail)) return "processes";
  return undefined;
}

const SIGNAL_NAMES = new Map(Object.entries(constants.signals).map(([name, number]) => [number, name]));

/**
 * bwrap exits with 128 + N when the command died of signal N (the shell's convention), so a status
 * above 128 that names a signal is read as that signal.
 */
export function exitStatus(
  code: number | null,
  signal: NodeJS.Signals | null,
): { exitCode: number | null; signal: string | null } {
  if (signal) return { exitCode: null, signal };
  const name = code !== null && code > 128 ? SIGNAL_NAMES.get(code - 128) : undefined;
  return name ? { exitCode: null, signal: name } : { exitCode: code, signal: null };
}
