import { applyChangeSet, ChangeSetRejectedError, wholeFileChanges } from "@flotilla/repo";
import { runTestsIn } from "@flotilla/testrun";
import type { TestRunResult, TestSuite } from "@flotilla/contracts";
import type { CheckResult, TeamContext, Worktree } from "@flotilla/team-runtime";

/**
 * QA's check of its candidate tests: they are written into the clone (which holds the code under
 * test) and the repository's whole suite runs in the sandbox. The runner decides the verdict; a
 * test file that may not be written is an error of the candidate, reported as such.
 */
export async function runCandidateTests(ctx: TeamContext, suite: TestSuite, worktree: Worktree): Promise<CheckResult> {
  try {
    await applyChangeSet(worktree.dir, await wholeFileChanges(worktree.dir, suite.tests));
  } catch (error) {
    if (!(error instanceof ChangeSetRejectedError)) throw error;
    const record: TestRunResult = {
      verdict: "error",
      total: 0,
      passed: 0,
      failed: 0,
      skipped: 0,
      failing: [],
      command: "",
      source: "",
      report: "exit-code",
      exitCode: null,
      signal: null,
      durationMs: 0,
      message: `QA's test files were refused before anything was written: ${error.message}`,
      output: "",
    };
    return { passed: false, text: record.message!, record };
  }
  const run = await runTestsIn(worktree.dir, {
    testCommand: ctx.config.FLOTILLA_TEST_COMMAND || undefined,
    mode: ctx.config.FLOTILLA_SANDBOX,
  });
  return { passed: run.verdict === "pass" || run.verdict === "unverified", text: describeRun(run), record: run };
}

/** The run as the ballots and the bug report read it. */
export function describeRun(run: TestRunResult): string {
  const counts = `${run.passed} passed, ${run.failed} failed, ${run.skipped} skipped of ${run.total}`;
  return [
    `${run.verdict}: ${counts} (${run.command || "no command"}, exit ${run.exitCode ?? run.signal ?? "-"}, ` +
      `${Math.round(run.durationMs)} ms)`,
    run.message ?? "",
    run.failing.length
      ? `Failing tests:\n${run.failing.map((t) => `- ${t.name}: ${firstLine(t.message)}`).join("\n")}`
      : "",
    run.verdict === "pass" ? "" : run.output.slice(-2_000),
  ]
    .filter(Boolean)
    .join("\n\n");
}

const firstLine = (text: string) => text.split("\n").find((l) => l.trim()) ?? "";
