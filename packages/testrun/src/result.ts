import { z } from "zod";

/** Which machine-readable report the counts come from; `exit-code`: none, only the exit code. */
export const ReportKind = z.enum(["junit", "vitest-json", "go-json", "cargo", "exit-code"]);
export type ReportKind = z.infer<typeof ReportKind>;

export const FailingTest = z.object({ name: z.string(), message: z.string() });
export type FailingTest = z.infer<typeof FailingTest>;

/** What a runner's report says: counts and the failing tests. */
export interface ParsedReport {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  failing: FailingTest[];
}

const count = z.number().int().min(0);

/**
 * One sandboxed test run. The verdict and counts come from the exit code and the runner's report
 * only: `unverified` when there was no sandbox (nothing ran), `error` when the run could not say
 * (no test command, a limit hit, no report, a runner that did not start).
 */
export const TestRunResult = z.object({
  verdict: z.enum(["pass", "fail", "error", "unverified"]),
  total: count,
  passed: count,
  failed: count,
  skipped: count,
  failing: z.array(FailingTest),
  /** The command as run in the clone ("" when none was found). */
  command: z.string(),
  /** Where the command came from: .flotilla.json, FLOTILLA_TEST_COMMAND, package.json, pytest, go, cargo. */
  source: z.string(),
  report: ReportKind,
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  limitHit: z.string().optional(),
  durationMs: z.number().min(0),
  /** Why the verdict is error or unverified. */
  message: z.string().optional(),
  /** The end of stdout and stderr. */
  output: z.string(),
});
export type TestRunResult = z.infer<typeof TestRunResult>;
