import type { ParsedReport } from "../result.ts";
import { attributes, decodeXml } from "./xml.ts";

export interface JunitOptions {
  /** The failing test's name from its suites, classname and name. Default: suites and name joined by " > ". */
  name?: (test: { suites: string[]; classname?: string; name: string }) => string;
}

const TAG = /<(\/?)(testsuite|testcase|failure|error|skipped)\b((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;

/**
 * Counts and failing tests of a JUnit XML report, as node's `junit` reporter and pytest's
 * `--junitxml` write it: every `<testcase>` is a test, failed when it holds a `<failure>` or
 * `<error>`, skipped when it holds a `<skipped>`.
 *
 * @example
 * parseJunit(readFileSync("report.xml", "utf8")).failing; // [{ name: "sum > adds", message: "…" }]
 */
export function parseJunit(xml: string, options: JunitOptions = {}): ParsedReport {
  const nameOf = options.name ?? ((test) => [...test.suites, test.name].join(" > "));
  const report: ParsedReport = { total: 0, passed: 0, failed: 0, skipped: 0, failing: [] };
  const suites: string[] = [];
  let current: { name: string; outcome: "passed" | "failed" | "skipped"; message: string } | undefined;
  let failureStart = -1;

  const close = () => {
    if (!current) return;
    report.total++;
    report[current.outcome]++;
    if (current.outcome === "failed") report.failing.push({ name: current.name, message: current.message.trim() });
    current = undefined;
  };

  for (const match of xml.matchAll(TAG)) {
    const [whole, closing, tag, inside = "", selfClosing] = match;
    const end = match.index + whole.length;
    if (tag === "testsuite") {
      if (closing) suites.pop();
      else if (!selfClosing) suites.push(attributes(inside).name ?? "");
    } else if (tag === "testcase") {
      if (closing) close();
      else {
        close();
        const attrs = attributes(inside);
        const name = nameOf({ suites: suites.slice(), classname: attrs.classname, name: attrs.name ?? "" });
        current = { name, outcome: "passed", message: "" };
        if (selfClosing) close();
      }
    } else if (current && tag === "skipped" && !closing) {
      if (current.outcome === "passed") current.outcome = "skipped";
    } else if (current && !closing) {
      current.outcome = "failed";
      current.message ||= attributes(inside).message ?? "";
      failureStart = selfClosing ? -1 : end;
    } else if (current && closing && failureStart >= 0) {
      // No message attribute: the first lines of the failure's text stand in for it.
      const body = decodeXml(xml.slice(failureStart, match.index).replace(/<!\[CDATA\[|\]\]>/g, ""));
      current.message ||= body.trim().split("\n").slice(0, 5).join("\n");
      failureStart = -1;
    }
  }
  close();
  return report;
}

/** pytest's names: `tests/test_sum.py::test_adds` style from classname `tests.test_sum` and name. */
export const pytestName = (test: { classname?: string; name: string }): string =>
  test.classname ? `${test.classname}::${test.name}` : test.name;
