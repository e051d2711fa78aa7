import type { ParsedReport } from "../result.ts";

interface GoEvent {
  Action?: string;
  Package?: string;
  /** Build output names the package here instead (`example.com/x [example.com/x.test]`). */
  ImportPath?: string;
  Test?: string;
  Output?: string;
}

const NOISE = /^(=== (RUN|PAUSE|CONT|NAME)|--- (FAIL|PASS|SKIP):|FAIL|PASS|ok\s)/;

/**
 * Counts and failing tests of `go test -json` output (one event a line): each test's final
 * pass/fail/skip counts; a package that fails without a failing test (it did not build) is a
 * failure named after the package, with its output.
 *
 * @example
 * parseGoTestJson(stdout).failing; // [{ name: "example.com/sum.TestAdd", message: "sum_test.go:9: got 3" }]
 */
export function parseGoTestJson(stdout: string): ParsedReport {
  const report: ParsedReport = { total: 0, passed: 0, failed: 0, skipped: 0, failing: [] };
  const output = new Map<string, string[]>();
  const failedPackages = new Map<string, boolean>();
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    let event: GoEvent;
    try {
      event = JSON.parse(line) as GoEvent;
    } catch {
      continue;
    }
    const pkg = event.Package ?? event.ImportPath?.split(" ")[0] ?? "";
    const key = event.Test ? `${pkg}.${event.Test}` : pkg;
    if ((event.Action === "output" || event.Action === "build-output") && event.Output !== undefined) {
      output.set(key, [...(output.get(key) ?? []), event.Output]);
    } else if (event.Test && (event.Action === "pass" || event.Action === "fail" || event.Action === "skip")) {
      report.total++;
      if (event.Action === "pass") report.passed++;
      else if (event.Action === "skip") report.skipped++;
      else {
        report.failed++;
        failedPackages.set(pkg, true);
        report.failing.push({ name: key, message: messageOf(output.get(key)) });
      }
    } else if (!event.Test && event.Action === "fail" && !failedPackages.has(pkg)) {
      report.failed++;
      report.total++;
      report.failing.push({ name: pkg || "go test", message: messageOf(output.get(pkg)) });
    }
  }
  return report;
}

function messageOf(lines: string[] = []): string {
  return lines
    .map((line) => line.trim())
    .filter((line) => line && !NOISE.test(line))
    .slice(0, 10)
    .join("\n");
}
