import { ValidationReport } from "@flotilla/contracts";
import { notMeasured, type CheckResult, type Measurement } from "@flotilla/team-runtime";

/** Each fix round the author needed takes this share off the correctness its tests show. */
const FIX_DISCOUNT = 0.25;
const NO_SANDBOX = "no sandbox: the change set did not run";

/**
 * The chosen change set's validation run as quality figures for its author: correctness from
 * its tests in the sandbox (pass rate, less for each fix round it needed), code quality from
 * the syntax, typecheck and lint stages. What did not run is reported as not measured.
 */
export function measureValidation(result: CheckResult, fixes: number): Measurement {
  const report = ValidationReport.parse(result.record);
  const evidence = { verdict: report.verdict, fix_rounds: fixes };
  if (report.verdict === "unverified" && report.stages.every((s) => s.status !== "passed" && s.status !== "failed"))
    return notMeasured("author", "validation", ["correctness", "code_quality"], NO_SANDBOX, evidence);
  const checks = report.stages.filter((s) => ["apply", "syntax", "typecheck", "lint"].includes(s.name));
  const ran = checks.filter((s) => s.status === "passed" || s.status === "failed");
  const failed = ran.filter((s) => s.status === "failed");
  const tests = report.stages.find((s) => s.name === "tests")?.tests;
  const discount = Math.max(0, 1 - FIX_DISCOUNT * fixes);
  const refused = report.stages.some((s) => s.name === "apply" && s.status === "failed");
  return {
    of: "author",
    source: "validation",
    dimensions: {
      code_quality: ran.length
        ? {
            value: (ran.length - failed.length) / ran.length,
            basis: ran.map((s) => `${s.name} ${s.status}`).join(", "),
          }
        : { value: null, basis: "validation", missing: "no syntax, typecheck or lint check applies" },
      correctness:
        tests && tests.total > 0
          ? {
              value: (tests.passed / tests.total) * discount,
              basis: `${tests.passed} of ${tests.total} of its tests passed in the sandbox after ${fixes} fix round(s)`,
            }
          : refused
            ? { value: 0, basis: "the change set could not be applied" }
            : { value: null, basis: "validation", missing: "no test ran" },
    },
    evidence: { ...evidence, tests_passed: tests?.passed ?? null, tests_total: tests?.total ?? null },
  };
}
