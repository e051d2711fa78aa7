import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { detectTestCommand, splitCommand } from "../src/index.ts";

const NODE = "/opt/node/bin/node";
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A folder holding `files` (path → content). */
function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "flotilla-detect-"));
  dirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}
const detect = (dir: string, testCommand?: string) => detectTestCommand(dir, { nodePath: NODE, testCommand });
const pkg = (test: string) => JSON.stringify({ scripts: { test } });

describe("detecting the test command", () => {
  it("package.json `node --test` runs node's runner with a junit report into the repository", () => {
    const dir = repo({ "package.json": pkg("node --test 'test/*.test.mjs'") });
    const found = detect(dir)!;
    expect(found).toMatchObject({
      source: "package.json",
      command: NODE,
      report: "junit",
      display: "node --test 'test/*.test.mjs'",
    });
    expect(found.reportFile).toBe(join(dir, ".flotilla-test-report", "junit.xml"));
    expect(found.args).toEqual([
      "--test",
      "--test-reporter=junit",
      `--test-reporter-destination=${found.reportFile}`,
      "--test-reporter=spec",
      "--test-reporter-destination=stdout",
      "test/*.test.mjs",
    ]);
  });

  it("any other script runs in sh -c and only its exit code counts; npm's placeholder is no test command", () => {
    const dir = repo({ "package.json": pkg("tsc && node --test") });
    expect(detect(dir)).toMatchObject({ command: "/bin/sh", args: ["-c", "tsc && node --test"], report: "exit-code" });
    expect(detect(repo({ "package.json": pkg('echo "Error: no test specified" && exit 1') }))).toBeUndefined();
  });

  it("vitest gets its JSON reporter only when it is installed in the repository", () => {
    expect(detect(repo({ "package.json": pkg("vitest") }))).toMatchObject({ report: "exit-code" });
    const dir = repo({ "package.json": pkg("vitest run"), "node_modules/.bin/vitest": "#!/bin/sh\n" });
    expect(detect(dir)).toMatchObject({ report: "vitest-json", command: join(dir, "node_modules/.bin/vitest") });
    expect(detect(dir)!.args).toContain(`--outputFile.json=${join(dir, ".flotilla-test-report", "vitest.json")}`);
  });

  it("pytest (by configuration or test files), go and cargo", () => {
    expect(detect(repo({ "pyproject.toml": "[tool.pytest.ini_options]\n" }))).toMatchObject({
      source: "pytest",
      report: "junit",
    });
    expect(detect(repo({ "tests/test_sum.py": "def test_x(): pass\n" }))).toMatchObject({ source: "pytest" });
    expect(detect(repo({ "pyproject.toml": "[project]\nname='x'\n" }))).toBeUndefined();
    expect(detect(repo({ "go.mod": "module x\n" }))).toMatchObject({
      source: "go",
      args: ["test", "-json", "./..."],
      report: "go-json",
    });
    expect(detect(repo({ "Cargo.toml": "[package]\n" }))).toMatchObject({ source: "cargo", report: "cargo" });
    expect(detect(repo({ "README.md": "hi" }))).toBeUndefined();
  });

  it("precedence: .flotilla.json, then FLOTILLA_TEST_COMMAND, then package.json, pytest, go, cargo", () => {
    const all = { "package.json": pkg("node --test"), "pytest.ini": "", "go.mod": "", "Cargo.toml": "" };
    const dir = repo({ ...all, ".flotilla.json": JSON.stringify({ test: "make check" }) });
    expect(detect(dir, "npm run ci")).toMatchObject({ source: ".flotilla.json", display: "make check" });
    expect(detect(repo(all), "npm run ci")).toMatchObject({ source: "FLOTILLA_TEST_COMMAND", display: "npm run ci" });
    expect(detect(repo(all), "  ")).toMatchObject({ source: "package.json" });
    expect(detect(repo({ "pytest.ini": "", "go.mod": "", "Cargo.toml": "" }))).toMatchObject({ source: "pytest" });
    expect(detect(repo({ "go.mod": "", "Cargo.toml": "" }))).toMatchObject({ source: "go" });
    expect(detect(repo({ ".flotilla.json": "{}", "go.mod": "" }))).toMatchObject({ source: "go" });
  });

  it("a .flotilla.json that is not JSON, or whose test is not a command line, is an error that says so", () => {
    expect(() => detect(repo({ ".flotilla.json": "{ test: " }))).toThrow(/\.flotilla\.json .* not valid JSON/);
    expect(() => detect(repo({ ".flotilla.json": '{ "test": 3 }' }))).toThrow(/"test" must be a command line/);
  });

  it("splits plain command lines and leaves shell syntax to sh", () => {
    expect(splitCommand(`node --test "a b.test.mjs" 'c*.mjs'`)).toEqual(["node", "--test", "a b.test.mjs", "c*.mjs"]);
    for (const line of ["a | b", "a && b", "a > f", "echo $HOME", "a; b", "echo `x`"])
      expect(splitCommand(line), line).toBeUndefined();
  });
});
