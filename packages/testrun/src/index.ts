export { runTests, DEFAULT_TEST_LIMITS, type RunTestsOptions } from "./run.ts";
export { detectTestCommand, type DetectOptions, type TestCommand, type TestCommandSource } from "./detect.ts";
export { FailingTest, ReportKind, TestRunResult, type ParsedReport } from "./result.ts";
export { parseJunit, pytestName, type JunitOptions } from "./reports/junit.ts";
export { parseGoTestJson } from "./reports/go-json.ts";
export { parseVitestJson } from "./reports/vitest-json.ts";
export { parseCargoTest } from "./reports/cargo.ts";
export { splitCommand } from "./words.ts";
