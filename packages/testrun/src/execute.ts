import { existsSync } from "node:fs";
import { clipText, MAX } from "@flotilla/contracts";
import { lstat, mkdir, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { runSandboxed, type SandboxLimits, type SandboxMode, type SandboxRun } from "@flotilla/sandbox";
import type { TestCommand } from "./detect.ts";
import { readReport } from "./reports/index.ts";
import { boundedReport, type TestRunResult } from "./result.ts";
import { sandboxEnv, type Toolchain } from "./toolchain.ts";
import { decide, outputExcerpt } from "./verdict.ts";

export const DEFAULT_TEST_LIMITS: SandboxLimits = {
  wallMs: 120_000,
  cpuSeconds: 120,
  memoryBytes: 1024 ** 3,
  processes: 256,
  outputBytes: 1024 ** 2,
};

const EMPTY = {
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

/** Nothing ran: there is no sandbox. `found` is the command that would have run. */
export function unverifiedResult(found: TestCommand | undefined, reason: string): TestRunResult {
  const message = `not run: ${reason}. Generated code runs only in a sandbox, so the result is unverified.`;
  return {
    ...EMPTY,
    verdict: "unverified",
    command: clipText(found?.display ?? "", MAX.text),
    source: found?.source ?? "",
    report: found?.report ?? "exit-code",
    message,
  };
}

export const NO_COMMAND =
  'no test command found: add .flotilla.json { "test": "…" }, set FLOTILLA_TEST_COMMAND, or give the ' +
  "repository a package.json scripts.test, a pytest configuration, a go.mod or a Cargo.toml";

export const noCommandResult = (): TestRunResult => ({
  ...EMPTY,
  verdict: "error",
  command: "",
  source: "",
  report: "exit-code",
  message: NO_COMMAND,
});

/**
 * Runs a detected test command in the sandbox in `dir` and reads its report. The report folder is
 * removed afterwards (or only the report, when the folder was the repository's own), so the
 * caller's worktree is left as it was found.
 */
export async function runTestCommand(
  dir: string,
  command: TestCommand,
  toolchain: Toolchain,
  options: { limits?: Partial<SandboxLimits>; mode?: SandboxMode },
): Promise<{ result: TestRunResult; run: SandboxRun }> {
  const reportDir = command.reportFile ? dirname(command.reportFile) : undefined;
  const existed = reportDir !== undefined && existsSync(reportDir);
  if (reportDir) await mkdir(reportDir, { recursive: true });
  try {
    const run = await runSandboxed({
      command: command.command,
      args: command.args,
      cwd: dir,
      env: sandboxEnv(dir, toolchain, command.env),
      limits: { ...DEFAULT_TEST_LIMITS, ...options.limits },
      readOnlyPaths: toolchain.readOnlyPaths,
      mode: options.mode,
    });
    const readable = command.reportFile && (await plainFile(command.reportFile, reportDir!));
    const report = await readReport(readable ? command : { ...command, reportFile: undefined }, run.stdout.text);
    const result: TestRunResult = {
      ...decide(run, report, command.report !== "exit-code"),
      ...(report ? boundedReport(report) : { total: 0, passed: 0, failed: 0, skipped: 0, failing: [] }),
      command: clipText(command.display, MAX.text),
      source: command.source,
      report: command.report,
      exitCode: run.exitCode,
      signal: run.signal,
      ...(run.limitHit ? { limitHit: run.limitHit } : {}),
      durationMs: run.durationMs,
      output: outputExcerpt(run),
    };
    return { result, run };
  } finally {
    if (reportDir) await removeReport(reportDir, command.reportFile!, existed);
  }
}

/**
 * The tests ran with the worktree writable: the report (or its folder) may have been swapped for
 * a link to a host file. Only a plain file in a plain folder is read.
 */
async function plainFile(file: string, folder: string): Promise<boolean> {
  const [entry, parent] = await Promise.all([lstat(file).catch(() => undefined), lstat(folder).catch(() => undefined)]);
  return Boolean(entry?.isFile() && parent?.isDirectory());
}

/** `rm` removes a link, never what it points to, so a swapped folder cannot send it elsewhere. */
async function removeReport(folder: string, file: string, existed: boolean): Promise<void> {
  if (!existed) return rm(folder, { recursive: true, force: true });
  if ((await lstat(folder).catch(() => undefined))?.isDirectory()) await rm(file, { force: true });
}
