import type { ObjectRef, RunSummary, TestRunResult, ValidationReport } from "@flotilla/contracts";

/** A test run (QA's, or devops' health check) in a line, for the result message and the outcome. */
export function testRunSummary(kind: "tests" | "health", run: TestRunResult, location?: ObjectRef): RunSummary {
  return {
    kind,
    verdict: run.verdict,
    total: run.total,
    passed: run.passed,
    failed: run.failed,
    failing: run.failing.map((t) => t.name),
    command: run.command,
    exit_code: run.exitCode,
    signal: run.signal,
    ...(run.limitHit ? { limit_hit: run.limitHit } : {}),
    duration_ms: run.durationMs,
    location,
  };
}

/** Development's validation in a line: its tests' counts, and the stage that failed when one did. */
export function validationSummary(report: ValidationReport, location?: ObjectRef): RunSummary {
  const tests = report.stages.find((s) => s.name === "tests")?.tests;
  const failedStage = report.stages.find((s) => s.status === "failed" || s.status === "error");
  const decided = (failedStage ?? report.stages.findLast((s) => s.run))?.run;
  return {
    kind: "validation",
    verdict: report.verdict,
    total: tests?.total ?? 0,
    passed: tests?.passed ?? 0,
    failed: tests?.failed ?? (failedStage ? 1 : 0),
    failing: tests?.failing.length
      ? tests.failing.map((t) => t.name)
      : failedStage
        ? [`${failedStage.name} stage`]
        : [],
    command: report.stages
      .filter((s) => s.status !== "skipped")
      .map((s) => s.name)
      .join(" → "),
    exit_code: decided?.exit_code ?? null,
    signal: decided?.signal ?? null,
    ...(decided?.limit_hit ? { limit_hit: decided.limit_hit } : {}),
    duration_ms: report.duration_ms,
    location,
  };
}
