import { realpathSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { randomUUID } from "node:crypto";
import { FlotillaError } from "@flotilla/errors";
import { applyChangeSet, cloneForTask, resolveTarget, wholeFileChanges } from "@flotilla/repo";
import { sandboxAvailable, type SandboxLimits, type SandboxMode } from "@flotilla/sandbox";
import { detectTestCommand } from "./detect.ts";
import { noCommandResult, runTestCommand, unverifiedResult } from "./execute.ts";
import type { TestRunResult } from "./result.ts";
import { hostToolchain } from "./toolchain.ts";

export interface RunTestsInOptions {
  /** FLOTILLA_TEST_COMMAND. */
  testCommand?: string;
  limits?: Partial<SandboxLimits>;
  /** Default: FLOTILLA_SANDBOX. */
  mode?: SandboxMode;
}

export interface RunTestsOptions extends RunTestsInOptions {
  /** The user's repository; it must resolve under one of `roots`. Only read. */
  repo: string;
  /** FLOTILLA_REPOS. */
  roots: readonly string[];
  /** Test files written into the clone before the run (created, or replacing the clone's). */
  files?: { path: string; content: string }[];
  /** Branch, tag or commit to test; default HEAD. */
  baseRef?: string;
  /** Where the private clone goes (removed afterwards); default the system's temp folder. */
  workDir?: string;
}

/**
 * Runs the repository's tests in the sandbox on a private clone (the user's checkout is only
 * read), with `files` written into the clone first. The verdict, counts and failing tests come
 * from the exit code and the runner's report; with no sandbox nothing runs and the verdict is
 * `unverified`. Throws a RepoError for a repository outside `roots` and a ChangeSetRejectedError
 * for files that may not be written.
 *
 * @example
 * const result = await runTests({ repo: "/home/me/src/app", roots: config.FLOTILLA_REPOS });
 * if (result.verdict === "fail") report(result.failing.map((test) => test.name));
 */
export async function runTests(options: RunTestsOptions): Promise<TestRunResult> {
  const repo = await resolveTarget(options.repo, options.roots);
  const sandbox = await sandboxAvailable({ mode: options.mode });
  if (!sandbox.ok) {
    // Detection only reads the user's files; nothing of the repository runs, and nothing is cloned.
    const found = detectTestCommand(repo, {
      testCommand: options.testCommand,
      nodePath: realpathSync(process.execPath),
    });
    return unverifiedResult(found, sandbox.reason);
  }
  const workDir = await mkdtemp(join(options.workDir ?? tmpdir(), "flotilla-testrun-"));
  try {
    const clone = await cloneForTask({ repo, baseRef: options.baseRef, dir: workDir, taskId: `run-${randomUUID()}` });
    if (options.files?.length) await applyChangeSet(clone.path, await wholeFileChanges(clone.path, options.files));
    return await runTestsIn(clone.path, options);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * Detects and runs the test command of a worktree the caller has prepared (its own clone, changes
 * applied): in the sandbox, where the worktree is the one writable folder. Nothing is cloned and
 * the report files are removed afterwards; what the tests themselves write stays. With no
 * sandbox nothing runs and the verdict is `unverified`; with no test command it is `error`.
 *
 * @example
 * await applyChangeSet(clone.path, changeSet);
 * const result = await runTestsIn(clone.path, { testCommand: config.FLOTILLA_TEST_COMMAND });
 */
export async function runTestsIn(dir: string, options: RunTestsInOptions = {}): Promise<TestRunResult> {
  const worktree = realWorktree(dir);
  const sandbox = await sandboxAvailable({ mode: options.mode });
  const nodePath = realpathSync(process.execPath);
  const command = detectTestCommand(worktree, { testCommand: options.testCommand, nodePath });
  if (!sandbox.ok) return unverifiedResult(command, sandbox.reason);
  if (!command) return noCommandResult();
  const toolchain = await hostToolchain(sandbox.kind);
  return (await runTestCommand(worktree, command, toolchain, options)).result;
}

/** The worktree's real path: the sandbox binds real paths, and the report paths must match them. */
export function realWorktree(dir: string): string {
  const path = resolve(dir);
  let directory = false;
  try {
    directory = statSync(path).isDirectory();
  } catch {
    // reported below
  }
  if (!directory)
    throw new FlotillaError(`worktree ${path} is not an existing directory`, {
      isRetryable: false,
      context: { dir: path },
    });
  return realpathSync(path);
}
