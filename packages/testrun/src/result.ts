import { clipText, ITEMS, MAX, type FailingTest } from "@flotilla/contracts";

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

/**
 * A report within a message's limits: the first ITEMS.some failing tests, each name and message
 * cut to its limit. The counts stay whole; the run record in the object store has the output.
 */
export function boundedReport(report: ParsedReport): ParsedReport {
  const failing = report.failing.slice(0, ITEMS.some).map((test) => ({
    name: clipText(test.name, MAX.line),
    message: clipText(test.message, MAX.text),
  }));
  return { ...report, failing };
}
