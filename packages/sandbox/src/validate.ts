import { realpathSync, statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { FlotillaError } from "@flotilla/errors";
import type { SandboxLimits, SandboxRequest } from "./types.ts";

/** A request that passed the checks, with its paths resolved and its defaults filled in. */
export interface ValidRequest {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  limits: SandboxLimits;
  stdin?: string | Uint8Array;
  readOnlyPaths: string[];
}

// Mounted by the profile itself: a worktree that is one of them, or holds one, would undo the profile.
const GUARDED = [
  "/usr",
  "/bin",
  "/sbin",
  "/lib",
  "/lib32",
  "/lib64",
  "/libx32",
  "/etc",
  "/proc",
  "/dev",
  "/sys",
  "/tmp",
];
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

const within = (path: string, dir: string) => path === dir || path.startsWith(dir === "/" ? "/" : `${dir}/`);

export function misuse(message: string, field: string): FlotillaError {
  return new FlotillaError(`runSandboxed: ${message}`, { isRetryable: false, context: { field } });
}

function text(value: unknown, field: string): string {
  if (typeof value !== "string" || value === "" || value.includes("\0"))
    throw misuse(`${field} must be a non-empty string without NUL bytes`, field);
  return value;
}

function directory(path: string, field: string): string {
  if (!isAbsolute(path)) throw misuse(`${field} must be an absolute path, got ${JSON.stringify(path)}`, field);
  try {
    if (statSync(path).isDirectory()) return realpathSync(path);
  } catch {
    // reported below
  }
  throw misuse(`${field} ${JSON.stringify(path)} is not an existing directory`, field);
}

function checkLimits(limits: SandboxLimits | undefined): SandboxLimits {
  if (typeof limits !== "object" || limits === null) throw misuse("limits are required", "limits");
  for (const key of ["wallMs", "cpuSeconds", "memoryBytes", "processes", "outputBytes"] as const) {
    const value = limits[key];
    if (!Number.isSafeInteger(value) || value <= 0)
      throw misuse(`limits.${key} must be a positive integer, got ${String(value)}`, `limits.${key}`);
  }
  return { ...limits };
}

function checkEnv(env: Record<string, string>, cwd: string): Record<string, string> {
  for (const [key, value] of Object.entries(env)) {
    if (!ENV_KEY.test(key)) throw misuse(`env key ${JSON.stringify(key)} is not a variable name`, "env");
    if (typeof value !== "string" || value.includes("\0")) throw misuse(`env.${key} must be a string`, "env");
  }
  // The real home is never bound; pointing HOME at it would only hide where the command writes.
  const home = env.HOME === undefined ? undefined : resolve("/tmp", env.HOME);
  if (home !== undefined && !within(home, "/tmp") && !within(home, cwd))
    throw misuse(`env.HOME must be /tmp or inside the worktree, got ${JSON.stringify(env.HOME)}`, "env.HOME");
  return { ...env };
}

/** Checks a request; throws a FlotillaError (not retryable) naming the field at fault. */
export function validateRequest(request: SandboxRequest): ValidRequest {
  const command = text(request.command, "command");
  const args = request.args ?? [];
  if (!Array.isArray(args)) throw misuse("args must be an array of strings", "args");
  args.forEach((arg, i) => {
    if (typeof arg !== "string" || arg.includes("\0")) throw misuse(`args[${i}] must be a string`, "args");
  });
  const cwd = directory(text(request.cwd, "cwd"), "cwd");
  const guarded = GUARDED.find((dir) => within(dir, cwd));
  if (guarded) throw misuse(`cwd ${cwd} would replace ${guarded} inside the sandbox; use a worktree below it`, "cwd");
  const readOnlyPaths = (request.readOnlyPaths ?? []).map((path) => text(path, "readOnlyPaths"));
  for (const path of readOnlyPaths) {
    if (!isAbsolute(path) || path === "/")
      throw misuse(`readOnlyPaths: ${path} must be absolute and not /`, "readOnlyPaths");
    try {
      statSync(path);
    } catch {
      throw misuse(`readOnlyPaths: ${path} does not exist`, "readOnlyPaths");
    }
  }
  const stdin = request.stdin;
  if (stdin !== undefined && typeof stdin !== "string" && !(stdin instanceof Uint8Array))
    throw misuse("stdin must be a string or bytes", "stdin");
  return {
    command,
    args: [...args],
    cwd,
    env: checkEnv(request.env ?? {}, cwd),
    limits: checkLimits(request.limits),
    ...(stdin === undefined ? {} : { stdin }),
    readOnlyPaths: readOnlyPaths.map((path) => resolve(path)),
  };
}
