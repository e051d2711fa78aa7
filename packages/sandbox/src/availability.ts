import { execFile } from "node:child_process";
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { pidsParent, sweepCgroups } from "./cgroup.ts";
import { probeDocker, type DockerLauncher } from "./docker.ts";
import { execute, type Launcher } from "./execute.ts";
import type { SandboxAvailability, SandboxMode } from "./types.ts";

export type Backend =
  | ({ ok: true; kind: "bubblewrap"; version: string } & Launcher)
  | ({ ok: true; kind: "docker"; version: string } & DockerLauncher)
  | { ok: false; reason: string };

/** Where the launchers are; each defaults to its name on PATH. */
export interface LauncherPaths {
  bwrapPath?: string;
  dockerPath?: string;
}

const INSTALL_HINT = "install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap)";
const PROBE_LIMITS = {
  wallMs: 15_000,
  cpuSeconds: 5,
  memoryBytes: 256 * 1024 * 1024,
  processes: 16,
  outputBytes: 65_536,
};
const probes = new Map<string, Promise<Backend>>();

const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** `bwrap` on PATH, as the launcher installs it. */
export function findBwrap(path = process.env.PATH ?? ""): string | undefined {
  return path
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, "bwrap"))
    .find(executable);
}

/** uid 0 that is uid 0 of the host too (not the root of a rootless container, which the limit does bind). */
function isHostRoot(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    return /^\s*0\s+0\s/.test(readFileSync("/proc/self/uid_map", "utf8"));
  } catch {
    return true;
  }
}

async function probe(bwrapPath: string): Promise<Backend> {
  if (!executable(bwrapPath)) return { ok: false, reason: `bwrap not found at ${bwrapPath}; ${INSTALL_HINT}` };
  let version: string;
  try {
    const { stdout } = await promisify(execFile)(bwrapPath, ["--version"], { env: {}, timeout: 10_000 });
    version = /\d+(\.\d+)+/.exec(stdout)?.[0] ?? stdout.trim();
  } catch (err) {
    return { ok: false, reason: `${bwrapPath} --version failed (${err instanceof Error ? err.message : String(err)})` };
  }
  // The kernel exempts the host's root from RLIMIT_NPROC: as root only a pids cgroup bounds the processes.
  const root = isHostRoot();
  const parent = root ? pidsParent() : undefined;
  if (root && !parent)
    return { ok: false, reason: "running as root, where the process limit needs a pids cgroup, and none is writable" };
  const launcher = { bwrapPath, ...(parent ? { pidsParent: parent } : {}) };
  const scratch = mkdtempSync(join(tmpdir(), "flotilla-sandbox-probe-"));
  try {
    if (parent) sweepCgroups(parent);
    const run = await execute(
      { command: "true", args: [], cwd: scratch, env: {}, limits: PROBE_LIMITS, readOnlyPaths: [] },
      launcher,
    );
    if (run.exitCode === 0) return { ok: true, kind: "bubblewrap", version, ...launcher };
    const detail = run.stderr.text.trim() || `exit ${run.exitCode ?? run.signal}`;
    return {
      ok: false,
      reason: `bubblewrap ${version} cannot start a sandbox here (user namespaces disabled?): ${detail}`,
    };
  } catch (err) {
    return {
      ok: false,
      reason: `bubblewrap ${version} cannot start a sandbox here: ${err instanceof Error ? err.message : String(err)}`,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** A working launcher is probed once per path; a failed probe is not kept, so that a fix helps without a restart. */
async function once(key: string, run: () => Promise<Backend>): Promise<Backend> {
  let probed = probes.get(key);
  if (!probed) probes.set(key, (probed = run()));
  const found = await probed;
  if (!found.ok) probes.delete(key);
  return found;
}

/** The sandbox to use, as FLOTILLA_SANDBOX says: bwrap, a Docker engine, or none. */
export async function backend(mode: SandboxMode, paths: LauncherPaths = {}): Promise<Backend> {
  if (mode === "none") return { ok: false, reason: "FLOTILLA_SANDBOX=none switches the sandbox off" };
  if (mode === "docker") {
    const dockerPath = paths.dockerPath ?? "docker";
    return once(`docker ${dockerPath}`, async () => {
      const found = await probeDocker(dockerPath);
      return found.ok ? { ...found, kind: "docker" } : found;
    });
  }
  const path = paths.bwrapPath ?? findBwrap();
  if (path === undefined) return { ok: false, reason: `bwrap is not on PATH; ${INSTALL_HINT}` };
  return once(`bwrap ${path}`, () => probe(path));
}

/** The public face of `backend`: whether and which sandbox runs generated code here. */
export function describeBackend(found: Backend): SandboxAvailability {
  return found.ok ? { ok: true, kind: found.kind, version: found.version } : { ok: false, reason: found.reason };
}
