import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ValidationReport } from "@flotilla/contracts";
import { sandboxAvailable } from "@flotilla/sandbox";
import { formatValidation, validateWorktree, type ValidateOptions } from "../src/index.ts";
import { FAILING, PASSING, writeFiles } from "./helpers.ts";

const sandbox = await sandboxAvailable({ mode: "bubblewrap" });
const hostHas = (module: string) => {
  try {
    execFileSync("python3", ["-m", module, "--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A worktree holding `files`, validated with every file counted as changed. */
async function validate(files: Record<string, string>, more: Partial<ValidateOptions> = {}) {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "flotilla-validate-")));
  dirs.push(dir);
  writeFiles(dir, files);
  const report = await validateWorktree(dir, { changedPaths: Object.keys(files), mode: "bubblewrap", ...more });
  ValidationReport.parse(report);
  const stage = (name: string) => report.stages.find((s) => s.name === name)!;
  return { dir, report, stage, statuses: report.stages.map((s) => `${s.name}:${s.status}`) };
}

const NODE_PROJECT = {
  "package.json": JSON.stringify({
    type: "module",
    scripts: { test: "node --test", lint: "node --check add.test.mjs" },
  }),
  "add.test.mjs": PASSING,
};
const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, noEmit: true, lib: ["ES2022"], types: [] } });

describe.skipIf(!sandbox.ok)("validating a worktree in the sandbox", () => {
  it("a passing node:test suite passes every stage, and the worktree keeps no report", async () => {
    const { dir, report, stage, statuses } = await validate(NODE_PROJECT);
    expect(statuses).toEqual(["syntax:passed", "typecheck:skipped", "lint:passed", "tests:passed"]);
    expect(report.verdict).toBe("pass");
    expect(stage("tests").tests).toMatchObject({ verdict: "pass", total: 1, passed: 1 });
    expect(stage("syntax").run).toMatchObject({ command: "node --check add.test.mjs", exit_code: 0 });
    expect(stage("lint").run?.command).toBe("node --check add.test.mjs");
    expect(stage("typecheck").detail).toMatch(/no tsconfig\.json/);
    expect(readdirSync(dir).sort()).toEqual(["add.test.mjs", "package.json"]);
  });

  it("a JavaScript syntax error fails at syntax, and the later stages are skipped", async () => {
    const { report, stage, statuses } = await validate({ ...NODE_PROJECT, "src/broken.js": "const a = ;\n" });
    expect(report.verdict).toBe("fail");
    expect(statuses).toEqual(["syntax:failed", "typecheck:skipped", "lint:skipped", "tests:skipped"]);
    expect(stage("syntax").run?.stderr.text).toMatch(/SyntaxError: Unexpected token ';'/);
    expect(stage("tests").detail).toBe("an earlier stage failed");
  });

  it("every changed file is checked, not only up to the first error", async () => {
    const { stage } = await validate({
      "a.js": "if (\n",
      "b.cjs": "module.exports = {;\n",
      "c.mjs": "export {};\n",
    });
    expect(stage("syntax").run?.command).toBe("node --check a.js; node --check b.cjs; node --check c.mjs");
    expect(stage("syntax").run?.stderr.text).toMatch(/a\.js:\d[^]*b\.cjs:1/);
    expect(stage("syntax").detail).toBe("syntax errors (exit 1)");
  });

  it("a Python syntax error fails at syntax, and no bytecode is written into the worktree", async () => {
    const { dir, stage } = await validate({ "ok.py": "x = 1\n", "bad.py": "def f(:\n    pass\n" });
    expect(stage("syntax")).toMatchObject({ status: "failed", run: { command: "python3 -m py_compile bad.py ok.py" } });
    expect(stage("syntax").run?.stderr.text).toMatch(/bad\.py.*\n(.*\n)*SyntaxError/);
    expect(existsSync(join(dir, "__pycache__"))).toBe(false);
  });

  it("TypeScript outside a tsconfig.json project is parsed for syntax errors", async () => {
    const { stage } = await validate({ "src/a.ts": "const x: number = ;\n" });
    expect(stage("syntax")).toMatchObject({ status: "failed" });
    expect(stage("syntax").detail).toMatch(/src\/a\.ts\(1,19\): TS1109 Expression expected/);
    expect(stage("syntax").run).toBeUndefined();
  });

  it("a type error fails at typecheck with tsc's message (Flotilla's TypeScript); no build info is left", async () => {
    const files = {
      "tsconfig.json": TSCONFIG.replace("{", '{"include":["src"],'),
      "src/a.ts": 'export const n: number = "x";\n',
    };
    const { dir, report, stage, statuses } = await validate(files);
    expect(statuses).toEqual(["syntax:skipped", "typecheck:failed", "lint:skipped", "tests:skipped"]);
    expect(report.verdict).toBe("fail");
    expect(stage("typecheck").run).toMatchObject({ command: "tsc --noEmit -p tsconfig.json", exit_code: 2 });
    expect(stage("typecheck").run?.stdout.text).toContain(
      "src/a.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'.",
    );
    expect(readdirSync(dir).sort()).toEqual(["src", "tsconfig.json"]);
  });

  it("imports tsc cannot resolve without node_modules leave the typecheck unverified, not failed", async () => {
    const files = {
      "tsconfig.json": TSCONFIG,
      "a.ts": 'import pad from "left-pad";\nexport const s: string = pad("x", 2);\n',
    };
    const { report, stage } = await validate(files);
    expect(stage("typecheck")).toMatchObject({ status: "unverified" });
    expect(stage("typecheck").detail).toMatch(/not installed/);
    expect(report.verdict).toBe("unverified");
  });

  it("a failing test fails at tests, naming the test; the text for the model names it too", async () => {
    const { report, stage } = await validate({ ...NODE_PROJECT, "sub.test.mjs": FAILING });
    expect(report.verdict).toBe("fail");
    expect(stage("tests")).toMatchObject({ status: "failed", tests: { verdict: "fail", failed: 1 } });
    expect(stage("tests").tests?.failing.map((test) => test.name)).toEqual(["subtracts"]);
    expect(stage("tests").detail).toMatch(/failing: subtracts/);
    const text = formatValidation(report);
    expect(text).toMatch(/^Validation: fail/);
    expect(text).toMatch(/- tests: failed/);
    expect(text).toMatch(/Failing tests:\n- subtracts: .*1 !== 0/);
    expect(text.length).toBeLessThanOrEqual(3_000);
  });

  it.skipIf(!hostHas("pytest"))("a pytest suite runs with the host's python: a failing test is named", async () => {
    const test = "def test_adds():\n    assert 1 + 1 == 2\n\ndef test_subtracts():\n    assert 2 - 1 == 0\n";
    const { dir, stage } = await validate({ "tests/test_math.py": test });
    expect(stage("syntax").status).toBe("passed");
    expect(stage("tests")).toMatchObject({ status: "failed", tests: { source: "pytest", total: 2, failed: 1 } });
    expect(stage("tests").tests?.failing.map((t) => t.name)).toEqual(["tests.test_math::test_subtracts"]);
    // Plugins may write their own folders (pytest-benchmark's .benchmarks); bytecode and reports stay out.
    const left = readdirSync(dir, { recursive: true, encoding: "utf8" });
    expect(left.filter((path) => /__pycache__|\.pyc$|flotilla-test-report/.test(path))).toEqual([]);
  });

  it.skipIf(hostHas("mypy"))("mypy configured but not installed skips the typecheck, saying so", async () => {
    const { stage } = await validate({ "mypy.ini": "[mypy]\nstrict = True\n", "a.py": "x: int = 1\n" });
    expect(stage("typecheck")).toMatchObject({ status: "skipped", detail: "mypy configured but not installed" });
  });

  it("a lint command that fails stops the tests", async () => {
    const files = { ...NODE_PROJECT, ".flotilla.json": JSON.stringify({ lint: "echo 'a.js:1 no-var' >&2; exit 1" }) };
    const { stage, statuses } = await validate(files, { changedPaths: [] });
    expect(statuses).toEqual(["syntax:skipped", "typecheck:skipped", "lint:failed", "tests:skipped"]);
    expect(stage("lint").run).toMatchObject({ exit_code: 1, stderr: { text: "a.js:1 no-var\n", truncated: false } });
  });
});

describe("validating without a sandbox", () => {
  it("mode none runs nothing: every stage and the verdict are unverified", async () => {
    const { dir, report } = await validate({ ...NODE_PROJECT, "src/broken.js": "const a = ;\n" }, { mode: "none" });
    expect(report.verdict).toBe("unverified");
    expect(report.stages.map((s) => s.status)).toEqual(["unverified", "unverified", "unverified", "unverified"]);
    expect(report.stages.every((s) => s.run === undefined && /FLOTILLA_SANDBOX=none/.test(s.detail))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(["add.test.mjs", "package.json", "src"]);
    expect(formatValidation(report)).toMatch(/^Validation: unverified/);
  });
});

describe("the text for a model", () => {
  it("stays within its bound, keeping the start of a compiler's output and every stage's line", () => {
    const output = Array.from(
      { length: 400 },
      (_, i) => `a.ts(${i + 1},1): error TS2322: Type 'string' is not assignable.`,
    );
    const run = {
      command: "tsc --noEmit -p tsconfig.json",
      exit_code: 2,
      signal: null,
      duration_ms: 900,
      stdout: { text: output.join("\n").slice(-4_000), truncated: true },
      stderr: { text: "", truncated: false },
    };
    const report = ValidationReport.parse({
      verdict: "fail",
      duration_ms: 1_000,
      stages: [
        { name: "syntax", status: "skipped", detail: "no changed JavaScript or Python files" },
        { name: "typecheck", status: "failed", detail: "type errors (exit 2)", run },
        { name: "lint", status: "skipped", detail: "an earlier stage failed" },
        { name: "tests", status: "skipped", detail: "an earlier stage failed" },
      ],
    });
    const text = formatValidation(report);
    expect(text.length).toBeLessThanOrEqual(3_000);
    expect(text.split("\n").slice(0, 5)).toEqual([
      "Validation: fail (1000 ms)",
      "- syntax: skipped — no changed JavaScript or Python files",
      "- typecheck: failed — type errors (exit 2) [tsc --noEmit -p tsconfig.json]",
      "- lint: skipped — an earlier stage failed",
      "- tests: skipped — an earlier stage failed",
    ]);
    expect(text).toContain("## typecheck failed\nOutput:\n");
    expect(text).toMatch(/…$/);
  });
});
