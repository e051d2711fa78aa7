import type { ParsedReport } from "../result.ts";

interface VitestJson {
  testResults?: {
    name?: string;
    message?: string;
    status?: string;
    assertionResults?: { fullName?: string; title?: string; status?: string; failureMessages?: string[] }[];
  }[];
}

/**
 * Counts and failing tests of vitest's (Jest-compatible) JSON report: each assertion result is a
 * test; a test file that failed without any (it did not load) is a failure named after the file.
 *
 * @example
 * parseVitestJson(readFileSync("report.json", "utf8")).failed; // 1
 */
export function parseVitestJson(json: string): ParsedReport {
  const data = JSON.parse(json) as VitestJson;
  const report: ParsedReport = { total: 0, passed: 0, failed: 0, skipped: 0, failing: [] };
  for (const file of data.testResults ?? []) {
    const tests = file.assertionResults ?? [];
    if (tests.length === 0 && file.status === "failed") {
      report.total++;
      report.failed++;
      report.failing.push({ name: file.name ?? "test file", message: (file.message ?? "").trim() });
    }
    for (const test of tests) {
      report.total++;
      if (test.status === "passed") report.passed++;
      else if (test.status === "failed") {
        report.failed++;
        const message = (test.failureMessages ?? []).join("\n").trim().split("\n").slice(0, 5).join("\n");
        report.failing.push({ name: test.fullName ?? test.title ?? "", message });
      } else report.skipped++;
    }
  }
  return report;
}
