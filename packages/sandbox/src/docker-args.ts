import { DEFAULT_PATH } from "./profile.ts";
import type { ValidRequest } from "./validate.ts";
import { misuse } from "./validate.ts";

export interface DockerRunOptions {
  /** The image (FLOTILLA_SANDBOX_IMAGE). */
  image: string;
  /** The container's name, for `docker kill`: flotilla-sbx-<uuid>. */
  name: string;
  /** `uid:gid` the command runs as: the caller's own, so files it writes in the worktree are the caller's. */
  user: string;
}

/** A plain image reference (`name[:tag][@digest]`): nothing docker could read as a flag. */
const IMAGE = /^[a-z0-9][a-z0-9._\-/:@]*$/i;

/** A `-v` path: docker splits the spec at colons, so a path holding one cannot be bound. */
function bindable(path: string, field: string): string {
  if (path.includes(":")) throw misuse(`${field} ${path} holds a colon, which docker cannot bind`, field);
  return path;
}

/** The caller's paths, parents before children (as in bwrap mode), read-only but for the worktree. */
function volumes(request: ValidRequest): string[] {
  const binds = [
    ...request.readOnlyPaths.map((path) => ({ spec: `${bindable(path, "readOnlyPaths")}:${path}:ro`, path })),
    { spec: `${bindable(request.cwd, "cwd")}:${request.cwd}:rw`, path: request.cwd },
  ];
  binds.sort((a, b) => a.path.split("/").length - b.path.split("/").length);
  return binds.flatMap(({ spec }) => ["-v", spec]);
}

/** Always `-e KEY=VALUE`: a bare `-e KEY` would make docker copy the CLI's own value into the container. */
function environment(request: ValidRequest): string[] {
  const env = { PATH: DEFAULT_PATH, HOME: "/tmp", ...request.env };
  return Object.entries(env).flatMap(([key, value]) => ["-e", `${key}=${value}`]);
}

/**
 * `docker`'s arguments for one run, from `run` to the command's last argument. Pure: it reads
 * neither the environment nor the disk, so it is tested without an engine. The same limits as
 * bwrap mode, enforced by the engine: no network, a read-only root filesystem, a memory cgroup
 * without swap (and RLIMIT_DATA, so programs die with the same out-of-memory messages), a pids
 * cgroup, RLIMIT_CPU, one CPU, a private /tmp and /dev/shm capped at the memory limit, no
 * capabilities, no privilege gain, the worktree the one writable host path, an explicit environment.
 */
export function dockerRunArgs(request: ValidRequest, options: DockerRunOptions): string[] {
  if (!IMAGE.test(options.image))
    throw misuse(`image ${JSON.stringify(options.image)} is not an image reference`, "image");
  const { cpuSeconds, memoryBytes, processes } = request.limits;
  return [
    ...["run", "--rm", "--name", options.name, "--init", ...(request.stdin === undefined ? [] : ["-i"])],
    ...["--network", "none", "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges"],
    ...["--memory", String(memoryBytes), "--memory-swap", String(memoryBytes), "--pids-limit", String(processes)],
    ...[
      "--cpus",
      "1",
      "--ulimit",
      `cpu=${cpuSeconds}:${cpuSeconds + 1}`,
      "--ulimit",
      `data=${memoryBytes}:${memoryBytes}`,
    ],
    ...["--ulimit", "core=0", "--tmpfs", `/tmp:rw,exec,size=${memoryBytes}`, "--shm-size", String(memoryBytes)],
    ...volumes(request),
    ...["-w", request.cwd, "--user", options.user],
    ...environment(request),
    options.image,
    request.command,
    ...request.args,
  ];
}
