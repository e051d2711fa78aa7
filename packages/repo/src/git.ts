import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { RepoError } from "./errors.ts";

// Before every subcommand: no hooks and no fsmonitor daemon, whatever a repository's config says,
// and no automatic maintenance or gc (a git process of its own after each commit or fetch, in
// clones that live for one step, and never wanted in the user's repository).
const SAFETY = [
  ["-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-c", "advice.detachedHead=false"],
  ["-c", "maintenance.auto=false", "-c", "gc.auto=0"],
].flat();

/** Put before `commit`: an author that does not depend on anyone's git config, and no signing prompt. */
export const COMMITTER = [
  "-c",
  "user.name=Flotilla",
  "-c",
  "user.email=flotilla@localhost",
  "-c",
  "commit.gpgsign=false",
];

const TIMEOUT_MS = 120_000;

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface GitOptions {
  cwd: string;
  /** Written to git's stdin (a patch for `git apply`). */
  input?: string;
  /** Extra environment, e.g. GIT_CEILING_DIRECTORIES. */
  env?: Record<string, string>;
  timeoutMs?: number;
}

// Only what git needs: no system or global config (so the user's aliases, templates, hooksPath
// and credential helpers never apply), no prompt, no optional locks (a `status` in the user's
// checkout must not rewrite its index), and a HOME that is nobody's.
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    HOME: tmpdir(),
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_TERMINAL_PROMPT: "0",
    GIT_OPTIONAL_LOCKS: "0",
    LC_ALL: "C",
    ...extra,
  };
}

/**
 * Runs git with a clean environment and the safety settings; resolves with the exit code and
 * output whatever the code (for checks that expect failures). Rejects only when git cannot start.
 *
 * @example
 * const { code } = await runGit(["rev-parse", "--show-toplevel"], { cwd: "/src/app" });
 */
export function runGit(args: string[], opts: GitOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", [...SAFETY, ...args], {
      cwd: opts.cwd,
      env: cleanEnv(opts.env),
      stdio: ["pipe", "pipe", "pipe"],
      timeout: opts.timeoutMs ?? TIMEOUT_MS,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    // git may exit before reading its input; the exit code then says what happened.
    child.stdin.on("error", () => {});
    child.on("error", (cause) =>
      reject(
        new RepoError(`could not run git in ${opts.cwd} (is git installed and on PATH?)`, { cwd: opts.cwd }, cause),
      ),
    );
    child.on("close", (code, signal) => {
      const killed = signal
        ? `\ngit was stopped by ${signal} (timed out after ${opts.timeoutMs ?? TIMEOUT_MS} ms?)`
        : "";
      resolve({
        code: code ?? -1,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8") + killed,
      });
    });
    child.stdin.end(opts.input ?? "");
  });
}

/** Runs git and returns its stdout; a non-zero exit is a RepoError with git's own words. */
export async function git(args: string[], opts: GitOptions): Promise<string> {
  const result = await runGit(args, opts);
  if (result.code !== 0)
    throw new RepoError(`git ${args.join(" ")} failed in ${opts.cwd} (exit ${result.code}): ${tail(result.stderr)}`, {
      cwd: opts.cwd,
      args,
      exitCode: result.code,
    });
  return result.stdout;
}

/** The last lines of git's stderr, enough to act on. */
export function tail(text: string, max = 1_000): string {
  const trimmed = text.trim();
  return trimmed.length > max ? `…${trimmed.slice(-max)}` : trimmed || "(no output)";
}
