import { TestRunResult, type TestSuite } from "@flotilla/contracts";
import { notMeasured, type CheckResult, type Measurement } from "@flotilla/team-runtime";

const NO_SANDBOX = "no sandbox: QA's tests did not run";

/**
 * QA's test run as quality figures of the code it tested (development's author): correctness is
 * the share of tests that passed, completeness the share of acceptance criteria whose named
 * tests all ran green. The runner's counts decide; the suite only says which test checks what.
 */
export function measureTests(result: CheckResult, suite: TestSuite, criteria: readonly string[]): Measurement {
  const run = TestRunResult.parse(result.record);
  const evidence = { verdict: run.verdict, tests_passed: run.passed, tests_total: run.total, failed: run.failed };
  if (run.verdict === "unverified")
    return notMeasured("received", "tests", ["correctness", "completeness"], NO_SANDBOX, evidence);
  const failing = run.failing.map((t) => t.name.toLowerCase());
  const fails = (test: string) => failing.some((f) => f.includes(test.toLowerCase()) || test.toLowerCase().includes(f));
  const covered = suite.covers.filter((c) => c.tests.length > 0 && run.passed > 0 && !c.tests.some(fails));
  const wanted = criteria.length || suite.covers.length;
  return {
    of: "received",
    source: "tests",
    dimensions: {
      correctness:
        run.total > 0
          ? { value: run.passed / run.total, basis: `${run.passed} of ${run.total} QA tests passed in the sandbox` }
          : { value: 0, basis: `the test run ended ${run.verdict} with no test counted` },
      completeness:
        suite.covers.length && wanted
          ? {
              value: Math.min(1, covered.length / wanted),
              basis: `${covered.length} of ${wanted} acceptance criteria covered by passing tests`,
            }
          : { value: null, basis: "QA's tests", missing: "QA's tests name no acceptance criteria" },
    },
    evidence: { ...evidence, criteria: wanted, criteria_covered: covered.length },
  };
}
