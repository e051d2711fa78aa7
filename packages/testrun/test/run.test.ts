import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sandboxAvailable } from "@flotilla/sandbox";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { runTests, runTestsIn } from "../src/index.ts";
import { FAILING, FIXED, git, hashTree, status, userRepo, writeFiles } from "./helpers.ts";

const sandbox = await sandboxAvailable({ mode: "bubblewrap" });

let repos: ReturnType<typeof userRepo>;
beforeEach(() => {
  repos = userRepo();
});
afterEach(() => repos.dispose());

/** Runs `work` and checks that the user's checkout is byte-identical afterwards. */
async function untouched<T>(work: () => Promise<T>): Promise<T> {
  const before = { hashes: hashTree(repos.app), status: status(repos.app) };
  const result = await work();
  expect(status(repos.app)).toBe(before.status);
  expect(hashTree(repos.app)).toEqual(before.hashes);
  return result;
}

describe.skipIf(!sandbox.ok)("running a repository's tests in the sandbox", () => {
  const run = (more: Partial<Parameters<typeof runTests>[0]> = {}) =>
    untouched(() => runTests({ repo: repos.app, roots: [repos.root], mode: "bubblewrap", ...more }));

  it("a failing suite: verdict, counts and the failing test from node's report, on a clone", async () => {
    const result = await run();
    expect(result).toMatchObject({ verdict: "fail", total: 2, passed: 1, failed: 1, skipped: 0, exitCode: 1 });
    expect(result).toMatchObject({ command: "node --test", source: "package.json", report: "junit" });
    expect(result.failing).toHaveLength(1);
    expect(result.failing[0]!.name).toBe("subtracts");
    expect(result.failing[0]!.message).toContain("1 !== 0");
    expect(result.output).toContain("✖ subtracts");
  });

  it("extra test files are written into the clone first: a fix and a new test make it pass", async () => {
    const files = [
      { path: "sub.test.mjs", content: FIXED },
      { path: "test/more.test.mjs", content: FIXED.replace('"subtracts"', '"more"') },
    ];
    const result = await run({ files });
    expect(result).toMatchObject({ verdict: "pass", total: 3, passed: 3, failed: 0, failing: [], exitCode: 0 });
  });

  it("extra files that may not be written are refused before anything runs", async () => {
    await expect(run({ files: [{ path: "../escape.test.mjs", content: "" }] })).rejects.toThrow(/change set rejected/);
    await expect(run({ files: [{ path: ".git/hooks/pre-commit", content: "" }] })).rejects.toThrow(
      /change set rejected/,
    );
  });

  it("FLOTILLA_TEST_COMMAND runs when the repository names none of its own; without any, the verdict is error", async () => {
    writeFiles(repos.app, { "package.json": "{}" });
    git(repos.app, "commit", "--quiet", "-m", "no script", "--", "package.json");
    expect(await run({ testCommand: "node --test add.test.mjs" })).toMatchObject({ verdict: "pass", total: 1 });
    const none = await run();
    expect(none).toMatchObject({ verdict: "error", total: 0 });
    expect(none.message).toMatch(/no test command found/);
  });

  it("a limit hit is an error, never a pass", async () => {
    const files = [
      { path: "sub.test.mjs", content: 'import { test } from "node:test";\ntest("spins", () => { for (;;); });\n' },
    ];
    const result = await run({ files, limits: { wallMs: 3_000 } });
    expect(result).toMatchObject({ verdict: "error", limitHit: "wall_time" });
  });
});

describe.skipIf(!sandbox.ok)("running the tests of a worktree the caller prepared", () => {
  it("runs in place, with no clone, and removes its report folder afterwards", async () => {
    writeFiles(repos.app, { "sub.test.mjs": FIXED, "more.test.mjs": FAILING.replace('"subtracts"', '"more"') });
    const result = await runTestsIn(repos.app, { mode: "bubblewrap" });
    expect(result).toMatchObject({ verdict: "fail", total: 3, failed: 1, command: "node --test", report: "junit" });
    expect(result.failing.map((test) => test.name)).toEqual(["more"]);
    expect(existsSync(join(repos.app, ".flotilla-test-report"))).toBe(false);
  });

  it("a report folder that was already there is kept; only the report goes", async () => {
    writeFiles(repos.app, { ".flotilla-test-report/notes.txt": "mine\n", "sub.test.mjs": FIXED });
    expect(await runTestsIn(repos.app, { mode: "bubblewrap" })).toMatchObject({ verdict: "pass", total: 2 });
    expect(existsSync(join(repos.app, ".flotilla-test-report", "notes.txt"))).toBe(true);
    expect(existsSync(join(repos.app, ".flotilla-test-report", "junit.xml"))).toBe(false);
  });

  it("a report folder swapped for a link by the tests is neither read nor emptied", async () => {
    // A passing report outside the worktree, where a test could point the report folder.
    const decoy = join(repos.root, "decoy");
    writeFiles(decoy, { "junit.xml": '<testsuites><testcase name="fake" classname="x"/></testsuites>' });
    const swap = [
      'import { test } from "node:test";',
      'import { rmSync, symlinkSync } from "node:fs";',
      'test("swaps", () => {',
      '  rmSync(".flotilla-test-report", { recursive: true });',
      `  symlinkSync(${JSON.stringify(decoy)}, ".flotilla-test-report");`,
      "});",
    ].join("\n");
    writeFiles(repos.app, {
      "package.json": JSON.stringify({ scripts: { test: "node --test swap.test.mjs" } }),
      "swap.test.mjs": swap,
    });
    const result = await runTestsIn(repos.app, { mode: "bubblewrap" });
    expect(result).toMatchObject({ verdict: "error", message: expect.stringMatching(/no report/) });
    expect(existsSync(join(repos.app, ".flotilla-test-report"))).toBe(false);
    expect(existsSync(join(decoy, "junit.xml"))).toBe(true);
  });
});

describe("refusing to run", () => {
  it("runTestsIn with no sandbox runs nothing: unverified", async () => {
    const result = await untouched(() => runTestsIn(repos.app, { mode: "none" }));
    expect(result).toMatchObject({ verdict: "unverified", command: "node --test", exitCode: null });
  });

  it("with no sandbox nothing runs and the verdict is unverified", async () => {
    const result = await untouched(() => runTests({ repo: repos.app, roots: [repos.root], mode: "none" }));
    expect(result).toMatchObject({ verdict: "unverified", total: 0, exitCode: null, command: "node --test" });
    expect(result.message).toMatch(/unverified/);
  });

  it("a repository outside FLOTILLA_REPOS is refused, naming the variable", async () => {
    await expect(runTests({ repo: repos.app, roots: [`${repos.root}-elsewhere`], mode: "none" })).rejects.toThrow(
      /FLOTILLA_REPOS/,
    );
  });
});
