import { execFile } from "node:child_process";
import { realpathSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

/**
 * The host programs a sandboxed run uses beyond the system's own (/usr, /bin, … are always
 * visible): Flotilla's node, and in bubblewrap the host's python3 when it is installed outside
 * /usr (pyenv, a venv), so that a project's pytest or mypy is the one its owner installed.
 */
export interface Toolchain {
  /** The real path of the node binary running Flotilla. */
  nodePath: string;
  /** Folders bound read-only into the sandbox. */
  readOnlyPaths: string[];
  /** Put on PATH before the system's folders. */
  binDirs: string[];
}

const SYSTEM = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"];
const SPECIAL = ["/etc", "/proc", "/dev", "/sys"];
const within = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);

/**
 * The toolchain for a sandbox of `kind`. A container brings its own python, so the host's is
 * bound only into bubblewrap, which shares the host's system.
 */
export async function hostToolchain(kind: string): Promise<Toolchain> {
  const nodePath = realpathSync(process.execPath);
  const nodeDir = dirname(nodePath);
  const python = kind === "bubblewrap" ? await hostPython() : undefined;
  return {
    nodePath,
    readOnlyPaths: [nodeDir, ...(python?.prefixes ?? [])],
    binDirs: [nodeDir, ...(python ? [python.binDir] : [])],
  };
}

/** The sandbox's whole environment: the worktree's node_modules/.bin, the toolchain, the system; caches in /tmp. */
export function sandboxEnv(
  dir: string,
  toolchain: Toolchain,
  extra: Record<string, string> = {},
): Record<string, string> {
  const path = [
    join(dir, "node_modules", ".bin"),
    ...toolchain.binDirs,
    "/usr/local/go/bin",
    "/usr/local/bin",
    "/usr/bin",
    "/bin",
  ];
  return {
    PATH: path.join(":"),
    HOME: "/tmp",
    CI: "1",
    NO_COLOR: "1",
    LANG: "C.UTF-8",
    // Bytecode of imported or compiled modules goes to the private /tmp, not into the worktree.
    PYTHONPYCACHEPREFIX: "/tmp/pycache",
    ...extra,
  };
}

interface HostPython {
  prefixes: string[];
  binDir: string;
}

let probed: Promise<HostPython | undefined> | undefined;

function hostPython(): Promise<HostPython | undefined> {
  return (probed ??= probePython());
}

const PROBE = "import sys; print(sys.executable); print(sys.prefix); print(sys.base_prefix)";

/** Where the python3 on Flotilla's PATH is installed; undefined when it is the system's, absent, or unsafe to bind. */
async function probePython(): Promise<HostPython | undefined> {
  try {
    // -I: isolated, so nothing from the current folder or the environment is imported.
    const { stdout } = await promisify(execFile)("python3", ["-I", "-c", PROBE], { cwd: tmpdir(), timeout: 10_000 });
    const [executable, prefix, basePrefix] = stdout.trim().split("\n");
    if (!executable || !prefix || !basePrefix) return undefined;
    // The bin folder as found, not the binary's real path: a venv's bin holds a link to the base python.
    const binDir = realpathSync(dirname(executable));
    const prefixes = [realpathSync(prefix), realpathSync(basePrefix)];
    const outside = [...new Set(prefixes)].filter((folder) => !SYSTEM.some((dir) => within(folder, dir)));
    if (!outside.length || !outside.every(bindable) || !outside.some((folder) => within(binDir, folder)))
      return undefined;
    return { prefixes: outside, binDir };
  } catch {
    return undefined; // no python3, or one that would not say: the sandbox's system python is used
  }
}

/** Not /, nor a folder holding the home folder or /tmp, nor one inside /etc or the kernel's: python's own folders only. */
function bindable(prefix: string): boolean {
  const held = [homedir(), tmpdir(), "/tmp", ...SPECIAL];
  return prefix !== "/" && !held.some((dir) => within(dir, prefix)) && !SPECIAL.some((dir) => within(prefix, dir));
}
