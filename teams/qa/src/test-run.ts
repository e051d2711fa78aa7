import { applyChangeSet, ChangeSetRejectedError, wholeFileChanges } from "@flotilla/repo";
import { runTestsIn } from "@flotilla/testrun";
import {
  clipText,
  FailureAnalysis,
  type Issue,
  MAX,
  tailText,
  type TestRunResult,
  type TestSuite,
  type WorkflowContext,
} from "@flotilla/contracts";
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
      message: clipText(`QA's test files were refused before anything was written: ${error.message}`, MAX.text),
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
    run.verdict === "pass" ? "" : tailText(run.output, 2_000),
  ]
    .filter(Boolean)
    .join("\n\n");
}

const firstLine = (text: string) => text.split("\n").find((l) => l.trim()) ?? "";

/**
 * The run as issues for development: one per failing test (its name and message, from the
 * runner), each with QA's author's reading of the likely cause; or why the run could not say.
 */
export async function runIssues(ctx: TeamContext, wf: WorkflowContext, run: TestRunResult): Promise<Issue[]> {
  const issue = (description: string): Issue => ({
    severity: "high",
    type: "bug",
    description: clipText(description, MAX.text),
    reproduction_steps: [run.command].filter(Boolean),
  });
  if (run.verdict === "error")
    return [issue(`the test run could not complete: ${run.message ?? `exit ${run.exitCode ?? run.signal}`}`)];
  if (run.verdict !== "fail") return [];
  const analysis = await ctx.author.ask({
    schema: FailureAnalysis,
    schemaName: "FailureAnalysis",
    prompt: [
      "The runner reports these tests failing. For each, say the likely cause in the code and a fix to try.",
      `Task: ${wf.task_description}`,
      describeRun(run),
    ].join("\n\n"),
    context: {
      kind: "explain",
      step: wf.step,
      taskId: wf.task_id,
      taskText: wf.task_description,
      round: wf.round,
      packet: wf.packet_id,
    },
  });
  const why = new Map(analysis.output.explanations.map((e) => [e.test, e]));
  const failing = run.failing.length
    ? run.failing
    : [{ name: "the suite", message: `exit ${run.exitCode ?? run.signal}` }];
  return failing.map((test) => {
    const e = why.get(test.name);
    return issue(
      `failing test ${test.name}: ${firstLine(test.message)}` +
        (e ? ` — likely cause: ${e.cause}; try: ${e.suggested_fix}` : ""),
    );
  });
}
