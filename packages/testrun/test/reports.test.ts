import { describe, expect, it } from "vitest";
import { parseCargoTest, parseGoTestJson, parseJunit, parseVitestJson, pytestName } from "../src/index.ts";
import { CARGO_OUTPUT, GO_JSON, NODE_JUNIT, PYTEST_JUNIT, VITEST_JSON } from "./fixtures.ts";

describe("runner reports", () => {
  it("node's junit reporter: counts, suite-qualified failing names, decoded messages", () => {
    const report = parseJunit(NODE_JUNIT);
    expect(report).toMatchObject({ total: 4, passed: 1, failed: 2, skipped: 1 });
    expect(report.failing).toEqual([
      { name: "subtracts", message: "Expected values to be strictly equal:1 !== 0" },
      { name: "math <ops> > fails & more", message: "boom <x>" },
    ]);
  });

  it("pytest's junit XML: failures and errors fail, skips skip, names as file::test", () => {
    const report = parseJunit(PYTEST_JUNIT, { name: pytestName });
    expect(report).toMatchObject({ total: 4, passed: 1, failed: 2, skipped: 1 });
    expect(report.failing.map((test) => test.name)).toEqual([
      "tests.test_sum::test_negative",
      "tests.test_io::test_file",
    ]);
    expect(report.failing[0]!.message).toContain("assert -1 == 1\n +  where -1 = add(-2, 1)");
    expect(report.failing[1]!.message).toBe('failed on setup with "FileNotFoundError"');
  });

  it("a failure without a message attribute takes the first lines of its text", () => {
    const xml = `<testsuites><testcase name="t"><failure>line one\n&lt;two&gt;\n</failure></testcase></testsuites>`;
    expect(parseJunit(xml).failing).toEqual([{ name: "t", message: "line one\n<two>" }]);
  });

  it("go test -json: per-test outcomes with their output, and a package that did not build", () => {
    const report = parseGoTestJson(GO_JSON);
    expect(report).toMatchObject({ total: 4, passed: 1, failed: 2, skipped: 1 });
    expect(report.failing).toEqual([
      { name: "example.com/sum.TestSub", message: "sum_test.go:14: Sub(2, 1) = 3, want 1" },
      { name: "example.com/broken", message: "broken/b.go:3:1: syntax error" },
    ]);
  });

  it("vitest's JSON report: assertion results, and a file that did not load", () => {
    const report = parseVitestJson(VITEST_JSON);
    expect(report).toMatchObject({ total: 4, passed: 1, failed: 2, skipped: 1 });
    expect(report.failing[0]).toEqual({
      name: "sum subtracts",
      message: "AssertionError: expected 3 to be 1\n    at sum.test.ts:9",
    });
    expect(report.failing[1]).toEqual({ name: "/app/broken.test.ts", message: "SyntaxError: Unexpected token" });
  });

  it("cargo test: summed summary lines and the failing tests with their panic", () => {
    const report = parseCargoTest(CARGO_OUTPUT)!;
    expect(report).toMatchObject({ total: 4, passed: 2, failed: 1, skipped: 1 });
    expect(report.failing).toEqual([
      {
        name: "tests::subtracts",
        message: "thread 'tests::subtracts' panicked at src/lib.rs:12:9:\nassertion `left == right` failed",
      },
    ]);
    expect(parseCargoTest("error[E0425]: cannot find value `x`")).toBeUndefined();
  });
});
