/**
 * Docker mode (FLOTILLA_SANDBOX=docker): each run is one `docker run --rm` of FLOTILLA_SANDBOX_IMAGE
 * with the limits of bwrap mode (docker-args.ts). On the development machine the docker CLI is
 * installed but no engine runs, so docker mode is exercised there only up to building the argv
 * and refusing to run (tests with a stand-in `docker` script cover the wiring between them);
 * a run against a real engine has not been tested here.
 */
import { execFile, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { dockerRunArgs } from "./docker-args.ts";
import { SandboxUnavailableError } from "./errors.ts";
import { killGroup, supervise } from "./supervise.ts";
import type { SandboxRun } from "./types.ts";
import type { ValidRequest } from "./validate.ts";

export interface DockerLauncher {
  dockerPath: string;
}

/** What the docker CLI needs to find its engine, and nothing else: no provider key reaches even the CLI. */
const CLI_VARIABLES = [
  "PATH",
  "HOME",
  "XDG_RUNTIME_DIR",
  "DOCKER_HOST",
  "DOCKER_CONTEXT",
  "DOCKER_CONFIG",
  "DOCKER_TLS_VERIFY",
  "DOCKER_CERT_PATH",
  "DOCKER_API_VERSION",
];
export function dockerCliEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(CLI_VARIABLES.flatMap((key) => (env[key] === undefined ? [] : [[key, env[key]]])));
}

const firstLine = (text: string) => text.trim().split("\n")[0]?.trim() ?? "";

/** `docker version` names the engine's version, or says (on stderr) why no engine answers. */
export async function probeDocker(
  dockerPath: string,
): Promise<({ ok: true; version: string } & DockerLauncher) | { ok: false; reason: string }> {
  try {
    const { stdout } = await promisify(execFile)(dockerPath, ["version", "--format", "{{.Server.Version}}"], {
      env: dockerCliEnv(),
      timeout: 15_000,
    });
    const version = stdout.trim();
    if (version) return { ok: true, version, dockerPath };
    return { ok: false, reason: "docker mode: no Docker engine answers (docker version names no server)" };
  } catch (err) {
    const failure = err as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === "ENOENT")
      return { ok: false, reason: `docker mode: the docker CLI is not found at ${dockerPath}; install Docker` };
    const detail = firstLine(failure.stderr ?? "") || failure.message;
    return { ok: false, reason: `docker mode: no Docker engine answers (${detail})` };
  }
}

/** `docker kill` the container, then the CLI's process group if it is still there a little later. */
function stopper(dockerPath: string, name: string) {
  return (child: ChildProcess) => {
    execFile(dockerPath, ["kill", name], { env: dockerCliEnv(), timeout: 10_000 }, () => {
      const gone = () => child.exitCode !== null || child.signalCode !== null;
      if (!gone()) setTimeout(() => gone() || killGroup(child), 2_000).unref();
    });
  };
}

/** docker run's own failures (no engine any more, no such image) exit 125 with `docker: …` on stderr. */
const DOCKER_FAILURE = /^docker: .*/m;

/**
 * Runs a checked request in a fresh container and waits for the docker CLI to end. The container
 * is named flotilla-sbx-<uuid>; the wall time and the output cap `docker kill` it. Throws a
 * SandboxUnavailableError when docker itself failed before the command could start.
 *
 * Unlike bwrap (--die-with-parent), a container outlives a host process that dies mid-run: find
 * it with `docker ps --filter name=flotilla-sbx-`.
 */
export async function executeDocker(
  request: ValidRequest,
  launcher: DockerLauncher & { image: string },
): Promise<SandboxRun> {
  const name = `flotilla-sbx-${randomUUID()}`;
  const user = `${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`;
  const argv = [launcher.dockerPath, ...dockerRunArgs(request, { image: launcher.image, name, user })];
  const run = await supervise(request, {
    argv,
    env: dockerCliEnv(),
    sandbox: "docker",
    stop: stopper(launcher.dockerPath, name),
  });
  const failure = run.exitCode === 125 ? DOCKER_FAILURE.exec(run.stderr.text)?.[0] : undefined;
  if (failure)
    throw new SandboxUnavailableError(`docker mode: docker run failed before the command started (${failure})`);
  return run;
}
