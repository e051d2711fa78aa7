import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

// Guards the house rules themselves: if a config change stops prettier or eslint from checking
// src files, or the command stops failing on findings, these fail.
const ROOT = resolve(import.meta.dirname, "../..");
const trees: string[] = [];

const GOOD = "export function twice(value: number): number {\n  return value * 2;\n}\n";
const UGLY = "export function twice( value:number ):number { return value*2 }\n";
const LOOSE = "export function twice(value: any): number {\n  return value * 2;\n}\n";

/** A throwaway tree laid out like the repo: `{ "packages/demo/src/a.ts": "..." }`. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "flotilla-lint-"));
  trees.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function lint(args: string[]): Promise<{ code: number; output: string }> {
  const main = join(ROOT, "packages/cli/src/main.ts");
  return new Promise((done) => {
    execFile(
      process.execPath,
      ["--import", "tsx", main, "lint", ...args],
      { cwd: ROOT, timeout: 60_000 },
      (err, stdout, stderr) =>
        // CI may force colours (FORCE_COLOR); the assertions read plain text.
        done({ code: err ? Number(err.code ?? 1) : 0, output: stripVTControlCharacters(`${stdout}${stderr}`) }),
    );
  });
}

afterAll(() => {
  for (const dir of trees) rmSync(dir, { recursive: true, force: true });
});

describe("flotilla lint", () => {
  it("passes a formatted tree, and tolerates `any` in tests (a warning)", async () => {
    const dir = tree({ "packages/demo/src/good.ts": GOOD, "packages/demo/test/stub.test.ts": LOOSE });
    const { code, output } = await lint(["--root", dir]);
    expect(output).toMatch(/no-explicit-any/);
    expect(code, output).toBe(0);
  });

  it("fails on a badly formatted file and on `any` in a src folder, naming both", async () => {
    const dir = tree({
      "packages/demo/src/good.ts": GOOD,
      "packages/demo/src/ugly.ts": UGLY,
      "teams/demo/src/loose.ts": LOOSE,
    });
    const { code, output } = await lint(["--root", dir]);
    expect(code, output).toBe(1);
    expect(output).toMatch(/\[warn\] packages\/demo\/src\/ugly\.ts/);
    expect(output).toMatch(/teams\/demo\/src\/loose\.ts[\s\S]*error +Unexpected any[\s\S]*no-explicit-any/);
    expect(output).not.toMatch(/good\.ts/);
  });

  it("checks only the paths it is given", async () => {
    const dir = tree({ "packages/demo/src/good.ts": GOOD, "packages/demo/src/ugly.ts": UGLY });
    expect((await lint(["--root", dir, join(dir, "packages/demo/src/good.ts")])).code).toBe(0);
  });

  it("--fix rewrites the formatting", async () => {
    const dir = tree({ "packages/demo/src/ugly.ts": UGLY });
    const { code, output } = await lint(["--root", dir, "--fix"]);
    expect(code, output).toBe(0);
    expect(readFileSync(join(dir, "packages/demo/src/ugly.ts"), "utf8")).toBe(GOOD);
  });
});
