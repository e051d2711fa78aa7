import { realpathSync } from "node:fs";
import { lstat, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { randomUUID } from "node:crypto";
import { applyChangeSet, cloneForTask, resolveTarget, type ChangeSet } from "@flotilla/repo";
import { runSandboxed, sandboxAvailable, type SandboxLimits, type SandboxMode } from "@flotilla/sandbox";
import { detectTestCommand, type TestCommand } from "./detect.ts";
import { readReport } from "./reports/index.ts";
import type { TestRunResult } from "./result.ts";
import { decide, outputExcerpt } from "./verdict.ts";

export const DEFAULT_TEST_LIMITS: SandboxLimits = {
  wallMs: 120_000,
  cpuSeconds: 120,
  memoryBytes: 1024 ** 3,
  processes: 256,
  outputBytes: 1024 ** 2,
};

export interface RunTestsOptions {
  /** The user's repository; it must resolve under one of `roots`. Only read. */
  repo: string;
  /** FLOTILLA_REPOS. */
  roots: readonly string[];
  /** Test files written into the clone before the run (created, or replacing the clone's). */
  files?: { path: string; content: string }[];
  /** FLOTILLA_TEST_COMMAND. */
  testCommand?: string;
  /** Branch, tag or commit to test; default HEAD. */
  baseRef?: string;
  limits?: Partial<SandboxLimits>;
  /** Default: FLOTILLA_SANDBOX. */
  mode?: SandboxMode;
  /** Where the private clone goes (removed afterwards); default the system's temp folder. */
  workDir?: string;
}

const empty = {
  total: 0,
  passed: 0,
  failed: 0,
  skipped: 0,
  failing: [],
  exitCode: null,
  signal: null,
  durationMs: 0,
  output: "",
};

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
  const nodePath = realpathSync(process.execPath);
  const sandbox = await sandboxAvailable({ mode: options.mode });
  if (!sandbox.ok) {
    // Detection only reads the user's files; nothing of the repository runs.
    const found = detectTestCommand(repo, { testCommand: options.testCommand, nodePath });
    const message = `not run: ${sandbox.reason}. Generated code runs only in a sandbox, so the result is unverified.`;
    return {
      ...empty,
      verdict: "unverified",
      command: found?.display ?? "",
      source: found?.source ?? "",
      report: found?.report ?? "exit-code",
      message,
    };
  }

  const workDir = await mkdtemp(join(options.workDir ?? tmpdir(), "flotilla-testrun-"));
  try {
    const clone = await cloneForTask({ repo, baseRef: options.baseRef, dir: workDir, taskId: `run-${randomUUID()}` });
    if (options.files?.length) await applyChangeSet(clone.path, await changeSetFor(clone.path, options.files));
    const command = detectTestCommand(clone.path, { testCommand: options.testCommand, nodePath });
    if (!command) {
      const message =
        'no test command found: add .flotilla.json { "test": "…" }, set FLOTILLA_TEST_COMMAND, or give the ' +
        "repository a package.json scripts.test, a pytest configuration, a go.mod or a Cargo.toml";
      return { ...empty, verdict: "error", command: "", source: "", report: "exit-code", message };
    }
    return await execute(clone.path, command, nodePath, options);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function execute(
  dir: string,
  command: TestCommand,
  nodePath: string,
  options: RunTestsOptions,
): Promise<TestRunResult> {
  if (command.reportFile) await mkdir(dirname(command.reportFile), { recursive: true });
  const nodeDir = dirname(nodePath);
  const run = await runSandboxed({
    command: command.command,
    args: command.args,
    cwd: dir,
    env: {
      PATH: `${join(dir, "node_modules", ".bin")}:${nodeDir}:/usr/local/go/bin:/usr/local/bin:/usr/bin:/bin`,
      HOME: "/tmp",
      CI: "1",
      NO_COLOR: "1",
      LANG: "C.UTF-8",
      ...command.env,
    },
    limits: { ...DEFAULT_TEST_LIMITS, ...options.limits },
    readOnlyPaths: [nodeDir],
    mode: options.mode,
  });
  const report = await readReport(command, run.stdout.text);
  return {
    ...decide(run, report, command.report !== "exit-code"),
    ...(report ?? { total: 0, passed: 0, failed: 0, skipped: 0, failing: [] }),
    command: command.display,
    source: command.source,
    report: command.report,
    exitCode: run.exitCode,
    signal: run.signal,
    ...(run.limitHit ? { limitHit: run.limitHit } : {}),
    durationMs: run.durationMs,
    output: outputExcerpt(run),
  };
}

/** Each file created, or replacing the clone's file of that path; the change-set rules apply. */
async function changeSetFor(dir: string, files: { path: string; content: string }[]): Promise<ChangeSet> {
  const changes = await Promise.all(
    files.map(async ({ path, content }) => {
      // Only decides create or replace: a path that may not be written is refused by validation either way.
      const present = await lstat(resolve(dir, path)).then(
        (stat) => stat.isFile(),
        () => false,
      );
      return { op: present ? ("replace" as const) : ("create" as const), path, content };
    }),
  );
  return { changes };
}
