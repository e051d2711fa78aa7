import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ReportKind } from "./result.ts";
import { flotillaCommand, packageScript } from "./project.ts";
import { splitCommand } from "./words.ts";

export type TestCommandSource = ".flotilla.json" | "FLOTILLA_TEST_COMMAND" | "package.json" | "pytest" | "go" | "cargo";

/** A test command ready for the sandbox, and where its report will be. */
export interface TestCommand {
  source: TestCommandSource;
  command: string;
  args: string[];
  /** The command as a person would type it. */
  display: string;
  report: ReportKind;
  /** Absolute path of the report file (junit, vitest-json); the other reports are read from stdout. */
  reportFile?: string;
  /** Variables the toolchain needs (caches in the sandbox's /tmp); added to the clean environment. */
  env: Record<string, string>;
}

export interface DetectOptions {
  /** FLOTILLA_TEST_COMMAND: used when the repository has no `.flotilla.json` test command. */
  testCommand?: string;
  /** The node binary the sandbox runs node's test runner with. */
  nodePath: string;
  /** Folder inside the repository for report files; default `<dir>/.flotilla-test-report`. */
  reportDir?: string;
}

const NPM_DEFAULT = /no test specified/;

/**
 * The test command of the repository at `dir`, first found of: `.flotilla.json` `{ "test": … }`,
 * FLOTILLA_TEST_COMMAND, package.json `scripts.test`, pytest, `go.mod`, `Cargo.toml`. A
 * `node --test …` or `vitest …` line is run with the runner's machine-readable reporter; any other
 * line runs in `sh -c` and only its exit code counts. Undefined when nothing is found.
 *
 * @example
 * await detectTestCommand(clone, { nodePath: process.execPath });
 * // { source: "package.json", display: "node --test", report: "junit", reportFile: "<clone>/.flotilla-test-report/junit.xml", … }
 */
export function detectTestCommand(dir: string, options: DetectOptions): TestCommand | undefined {
  const reportDir = options.reportDir ?? join(dir, ".flotilla-test-report");
  const line = (source: TestCommandSource, text: string) => fromLine(source, text, dir, reportDir, options.nodePath);
  const configured = flotillaCommand(dir, "test");
  if (configured) return line(".flotilla.json", configured);
  if (options.testCommand?.trim()) return line("FLOTILLA_TEST_COMMAND", options.testCommand);
  const script = packageScript(dir, "test");
  if (script && !NPM_DEFAULT.test(script)) return line("package.json", script);
  if (usesPytest(dir)) {
    const reportFile = join(reportDir, "pytest.xml");
    const args = ["-m", "pytest", "-q", "-p", "no:cacheprovider", `--junitxml=${reportFile}`];
    return {
      source: "pytest",
      command: "python3",
      args,
      display: "python3 -m pytest",
      report: "junit",
      reportFile,
      env: {},
    };
  }
  if (existsSync(join(dir, "go.mod"))) {
    const env = { GOCACHE: "/tmp/go-build", GOPATH: "/tmp/go", GOTOOLCHAIN: "local", GOFLAGS: "-mod=mod" };
    return {
      source: "go",
      command: "go",
      args: ["test", "-json", "./..."],
      display: "go test -json ./...",
      report: "go-json",
      env,
    };
  }
  if (existsSync(join(dir, "Cargo.toml")))
    return {
      source: "cargo",
      command: "cargo",
      args: ["test"],
      display: "cargo test",
      report: "cargo",
      env: { CARGO_HOME: "/tmp/cargo" },
    };
  return undefined;
}

function fromLine(
  source: TestCommandSource,
  text: string,
  dir: string,
  reportDir: string,
  nodePath: string,
): TestCommand {
  const words = splitCommand(text);
  const display = text.trim();
  if (words?.[0] === "node" && words[1] === "--test") {
    const reportFile = join(reportDir, "junit.xml");
    const reporters = ["--test-reporter=junit", `--test-reporter-destination=${reportFile}`];
    const human = ["--test-reporter=spec", "--test-reporter-destination=stdout"];
    const args = ["--test", ...reporters, ...human, ...words.slice(2)];
    return { source, command: nodePath, args, display, report: "junit", reportFile, env: {} };
  }
  const vitest = join(dir, "node_modules", ".bin", "vitest");
  if (words?.[0] === "vitest" && existsSync(vitest)) {
    const reportFile = join(reportDir, "vitest.json");
    const rest = words.slice(1).filter((word) => word !== "run" && word !== "--watch");
    const args = ["run", ...rest, "--reporter=default", "--reporter=json", `--outputFile.json=${reportFile}`];
    return { source, command: vitest, args, display, report: "vitest-json", reportFile, env: {} };
  }
  return { source, command: "/bin/sh", args: ["-c", text], display, report: "exit-code", env: {} };
}

const PYTEST_CONFIG: [string, RegExp | undefined][] = [
  ["pytest.ini", undefined],
  ["conftest.py", undefined],
  ["pyproject.toml", /^\[tool\.pytest/m],
  ["setup.cfg", /^\[tool:pytest\]/m],
  ["tox.ini", /^\[pytest\]/m],
];

function usesPytest(dir: string): boolean {
  for (const [name, section] of PYTEST_CONFIG) {
    const file = join(dir, name);
    if (existsSync(file) && (!section || section.test(readFileSync(file, "utf8")))) return true;
  }
  const testFile = (name: string) => /^test_.*\.py$|_test\.py$/.test(name);
  const listed = (folder: string) => (existsSync(folder) ? readdirSync(folder) : []);
  return listed(dir).some(testFile) || listed(join(dir, "tests")).some(testFile);
}
