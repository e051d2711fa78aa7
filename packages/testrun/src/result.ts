import type { FailingTest } from "@flotilla/contracts";

// The schemas ride in bus messages, so they live in contracts; re-exported for testrun's callers.
export { FailingTest, ReportKind, TestRunResult } from "@flotilla/contracts";

/** What a runner's report says: counts and the failing tests. */
export interface ParsedReport {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  failing: FailingTest[];
}
