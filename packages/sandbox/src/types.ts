/** Which limit stopped a run (or, for processes and memory, made it fail). */
export type LimitHit = "wall_time" | "cpu_time" | "memory" | "processes" | "output";

/** `bubblewrap`: run in bwrap; `docker`: run in a Docker container; `none`: refuse to run anything (FLOTILLA_SANDBOX). */
export type SandboxMode = "bubblewrap" | "docker" | "none";

/** What ran a command. */
export type SandboxKind = "bubblewrap" | "docker";

export interface SandboxLimits {
  /** Wall-clock time before the whole sandbox is killed (ms). */
  wallMs: number;
  /** CPU seconds per process (RLIMIT_CPU, whole seconds): SIGXCPU at the limit, SIGKILL a second later. */
  cpuSeconds: number;
  /** Writable private memory per process (RLIMIT_DATA); also the size of each private tmpfs (/tmp, /dev/shm). */
  memoryBytes: number;
  /** Processes and threads alive at once in the sandbox. */
  processes: number;
  /** Bytes kept of stdout and of stderr each; writing more kills the run. */
  outputBytes: number;
}

export interface SandboxRequest {
  /** Program to run inside the sandbox: an absolute path, or a name looked up on the sandbox's PATH. */
  command: string;
  args?: string[];
  /** The worktree: an existing absolute directory, the only writable path (besides a private /tmp). */
  cwd: string;
  /** The whole environment of the command; nothing is inherited. PATH defaults to /usr/local/bin:/usr/bin:/bin, HOME to /tmp. */
  env?: Record<string, string>;
  limits: SandboxLimits;
  /** Given to the command's stdin; without it stdin is /dev/null. */
  stdin?: string | Uint8Array;
  /** More host paths the command may read (a toolchain outside /usr, e.g. the directory of `node`). */
  readOnlyPaths?: string[];
  /** The bwrap binary; default: `bwrap` on PATH. */
  bwrapPath?: string;
  /** The docker CLI (docker mode); default: `docker` on PATH. */
  dockerPath?: string;
  /** The container image (docker mode); default: FLOTILLA_SANDBOX_IMAGE from the configuration. */
  image?: string;
  /** Default: FLOTILLA_SANDBOX from the configuration. */
  mode?: SandboxMode;
}

export interface SandboxOutput {
  /** What the command wrote, at most `outputBytes` bytes of it (as UTF-8). */
  text: string;
  /** True when the command wrote more than was kept. */
  truncated: boolean;
}

/** What happened to one sandboxed run: everything a step record or a test artifact needs. */
export interface SandboxRun {
  command: string;
  args: string[];
  /** Null when the command ended by a signal. */
  exitCode: number | null;
  /** E.g. "SIGKILL" (a limit), "SIGXCPU" (CPU time); null after a normal exit. */
  signal: string | null;
  durationMs: number;
  /**
   * CPU time of everything the run started, from its cgroup (bubblewrap as root); absent where
   * it cannot be counted (no cgroup, Docker).
   */
  cpuMs?: number;
  limitHit?: LimitHit;
  stdout: SandboxOutput;
  stderr: SandboxOutput;
  sandbox: SandboxKind;
}

export type SandboxAvailability = { ok: true; kind: SandboxKind; version: string } | { ok: false; reason: string };
