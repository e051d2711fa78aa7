import type { ParsedReport } from "../result.ts";

/**
 * Counts of `cargo test`'s summary lines (`test result: FAILED. 2 passed; 1 failed; 1 ignored; …`,
 * one per test binary, summed) and the failing tests it lists (`test tests::adds ... FAILED`).
 * Undefined when no summary line is there (the build failed).
 *
 * @example
 * parseCargoTest(stdout)?.failing; // [{ name: "tests::adds", message: "" }]
 */
export function parseCargoTest(stdout: string): ParsedReport | undefined {
  const summaries = [...stdout.matchAll(/^test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored/gm)];
  if (summaries.length === 0) return undefined;
  const report: ParsedReport = { total: 0, passed: 0, failed: 0, skipped: 0, failing: [] };
  for (const [, passed, failed, ignored] of summaries) {
    report.passed += Number(passed);
    report.failed += Number(failed);
    report.skipped += Number(ignored);
  }
  report.total = report.passed + report.failed + report.skipped;
  for (const [, name] of stdout.matchAll(/^test (\S+) \.\.\. FAILED$/gm)) {
    const panic = stdout.match(new RegExp(`---- ${escape(name!)} stdout ----\\n([\\s\\S]*?)(?:\\n\\n|$)`));
    report.failing.push({ name: name!, message: panic?.[1]?.trim() ?? "" });
  }
  return report;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
