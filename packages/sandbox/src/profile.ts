import { existsSync, lstatSync, readlinkSync } from "node:fs";
import type { ValidRequest } from "./validate.ts";

/** The system a toolchain needs, read-only. Merged-/usr systems have symlinks for all but /usr. */
const SYSTEM_DIRS = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];
/** From /etc only what programs read to start (loader cache, users and groups, time zone): no secrets. */
const SYSTEM_FILES = [
  "/etc/alternatives",
  "/etc/ld.so.cache",
  "/etc/ld.so.conf",
  "/etc/ld.so.conf.d",
  "/etc/localtime",
  "/etc/nsswitch.conf",
  "/etc/passwd",
  "/etc/group",
  "/etc/hosts",
];
export const DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

function systemMounts(): string[] {
  const args: string[] = [];
  for (const dir of SYSTEM_DIRS) {
    if (!existsSync(dir)) continue;
    if (lstatSync(dir).isSymbolicLink()) args.push("--symlink", readlinkSync(dir), dir);
    else args.push("--ro-bind", dir, dir);
  }
  for (const file of SYSTEM_FILES) args.push("--ro-bind-try", file, file);
  return args;
}

/** The caller's paths, parents before children so that a deeper bind is not hidden by a shallower one. */
function callerMounts(request: ValidRequest): string[] {
  const binds = [
    ...request.readOnlyPaths.map((path) => ({ path, flag: "--ro-bind" })),
    { path: request.cwd, flag: "--bind" },
  ];
  binds.sort((a, b) => a.path.split("/").length - b.path.split("/").length);
  return binds.flatMap(({ path, flag }) => [flag, path, path]);
}

function environment(request: ValidRequest): string[] {
  const env = { PATH: DEFAULT_PATH, HOME: "/tmp", ...request.env };
  return ["--clearenv", ...Object.entries(env).flatMap(([key, value]) => ["--setenv", key, value])];
}

/**
 * bwrap's arguments up to the command: every namespace new (only loopback, no view of the host's
 * processes), a read-only root with the system bound read-only, private /tmp and /dev/shm capped
 * at the memory limit, the worktree the one writable host path, and an explicit environment.
 */
export function bwrapArgs(request: ValidRequest): string[] {
  const tmpfsSize = String(request.limits.memoryBytes);
  return [
    ...["--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session"],
    ...systemMounts(),
    ...["--proc", "/proc", "--dev", "/dev", "--remount-ro", "/dev"],
    ...["--size", tmpfsSize, "--tmpfs", "/dev/shm", "--size", tmpfsSize, "--tmpfs", "/tmp"],
    ...callerMounts(request),
    ...["--remount-ro", "/", "--chdir", request.cwd],
    ...environment(request),
  ];
}
