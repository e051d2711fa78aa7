import type { SandboxRun } from "@flotilla/sandbox";
import type { ParsedReport, TestRunResult } from "./result.ts";

const NOT_STARTED = new Set([126, 127]);

/**
 * The verdict of a finished run, from its exit code and its report alone. A limit hit, a runner
 * that did not start (126/127), a missing report or a report that contradicts the exit code is
 * `error`; with no report expected, the exit code decides.
 */
export function decide(
  run: SandboxRun,
  report: ParsedReport | undefined,
  expectsReport: boolean,
): Pick<TestRunResult, "verdict" | "message"> {
  if (run.limitHit) return { verdict: "error", message: `the run was stopped by the ${run.limitHit} limit` };
  if (run.exitCode === null)
    return { verdict: "error", message: `the runner was killed by ${run.signal ?? "a signal"}` };
  if (NOT_STARTED.has(run.exitCode))
    return { verdict: "error", message: `the test command could not start (exit ${run.exitCode}): see the output` };
  if (!report) {
    if (expectsReport) return { verdict: "error", message: `the runner wrote no report (exit ${run.exitCode})` };
    return run.exitCode === 0 ? { verdict: "pass" } : { verdict: "fail", message: `exit code ${run.exitCode}` };
  }
  if (report.failed > 0) return { verdict: "fail" };
  if (run.exitCode !== 0)
    return { verdict: "error", message: `the runner exited with ${run.exitCode} but its report shows no failing test` };
  if (report.total === 0) return { verdict: "error", message: "no tests ran" };
  return { verdict: "pass" };
}

/** The last `max` characters of stdout and stderr, each labelled. */
export function outputExcerpt(run: SandboxRun, max = 4_000): string {
  const part = (label: string, text: string) => (text.trim() ? `--- ${label} ---\n${text.slice(-max).trimEnd()}` : "");
  return [part("stdout", run.stdout.text), part("stderr", run.stderr.text)].filter(Boolean).join("\n");
}
