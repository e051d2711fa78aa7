import { z } from "zod";
import { ITEMS, MAX } from "../limits.ts";

/** Which machine-readable report the counts come from; `exit-code`: none, only the exit code. */
export const ReportKind = z.enum(["junit", "vitest-json", "go-json", "cargo", "exit-code"]);
export type ReportKind = z.infer<typeof ReportKind>;

export const FailingTest = z.object({ name: z.string().max(MAX.line), message: z.string().max(MAX.text) });
export type FailingTest = z.infer<typeof FailingTest>;

const count = z.number().int().min(0);

/**
 * One sandboxed test run (@flotilla/testrun). The verdict and counts come from the exit code and
 * the runner's report only: `unverified` when there was no sandbox (nothing ran), `error` when the
 * run could not say (no test command, a limit hit, no report, a runner that did not start).
 */
export const TestRunResult = z.object({
  verdict: z.enum(["pass", "fail", "error", "unverified"]),
  total: count,
  passed: count,
  failed: count,
  skipped: count,
  /** The failing tests, the first ITEMS.some of them (`failed` counts them all). */
  failing: z.array(FailingTest).max(ITEMS.some),
  /** The command as run in the clone ("" when none was found). */
  command: z.string().max(MAX.text),
  /** Where the command came from: .flotilla.json, FLOTILLA_TEST_COMMAND, package.json, pytest, go, cargo. */
  source: z.string().max(MAX.id),
  report: ReportKind,
  exitCode: z.number().int().nullable(),
  signal: z.string().max(MAX.id).nullable(),
  limitHit: z.string().max(MAX.id).optional(),
  durationMs: z.number().min(0),
  /** Why the verdict is error or unverified. */
  message: z.string().max(MAX.text).optional(),
  /** The end of stdout and stderr. */
  output: z.string().max(MAX.long),
});
export type TestRunResult = z.infer<typeof TestRunResult>;

/** Characters of stdout and of stderr a SandboxRunRecord keeps: the end, where the errors and summaries are. */
export const RUN_RECORD_TEXT_MAX = 4_000;

const RecordedOutput = z.object({
  /** The last RUN_RECORD_TEXT_MAX characters the command wrote. */
  text: z.string().max(RUN_RECORD_TEXT_MAX),
  /** True when the command wrote more than `text` holds. */
  truncated: z.boolean(),
});

/** What one sandboxed run leaves on record (@flotilla/sandbox `SandboxRun`, trimmed for a message). */
export const SandboxRunRecord = z.object({
  /** The command as a person would type it: `tsc --noEmit -p tsconfig.json`. */
  command: z.string().max(MAX.text),
  /** Null when the command ended by a signal. */
  exit_code: z.number().int().nullable(),
  signal: z.string().max(MAX.id).nullable(),
  duration_ms: z.number().min(0),
  /** The sandbox limit that stopped the run, if one did. */
  limit_hit: z.enum(["wall_time", "cpu_time", "memory", "processes", "output"]).optional(),
  stdout: RecordedOutput,
  stderr: RecordedOutput,
});
export type SandboxRunRecord = z.infer<typeof SandboxRunRecord>;

/**
 * One check of a worktree. `skipped`: nothing to check, or an earlier stage failed; `error`: the
 * check itself broke (a limit, a command that could not start); `unverified`: it could not be
 * checked here (no sandbox, dependencies not installed). `detail` says why, in a line. `apply` is
 * development's own stage: the change set refused before anything was written.
 */
export const ValidationStage = z.object({
  name: z.enum(["apply", "syntax", "typecheck", "lint", "tests"]),
  status: z.enum(["passed", "failed", "skipped", "error", "unverified"]),
  detail: z.string().max(MAX.text),
  /** Present for every stage that ran a command in the sandbox. */
  run: SandboxRunRecord.optional(),
  /** The tests stage only, once a test command ran. */
  tests: TestRunResult.optional(),
});
export type ValidationStage = z.infer<typeof ValidationStage>;

/**
 * A worktree's checks in order: syntax, typecheck, lint, tests (@flotilla/testrun `validateWorktree`).
 * `fail` when a stage failed; `unverified` when there was no sandbox, a stage broke or could not be
 * checked, or nothing was checked at all; otherwise `pass`.
 *
 * @example
 * const report = ValidationReport.parse(message.validation);
 * if (report.verdict === "fail") sendBack(report.stages.find((stage) => stage.status === "failed"));
 */
export const ValidationReport = z.object({
  verdict: z.enum(["pass", "fail", "unverified"]),
  stages: z.array(ValidationStage).max(ITEMS.few),
  duration_ms: z.number().min(0),
});
export type ValidationReport = z.infer<typeof ValidationReport>;
