import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** Git with nobody's configuration and a fixed identity; no optional locks, so `git status` leaves the index alone. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", ...args], {
    cwd,
    encoding: "utf8",
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      GIT_OPTIONAL_LOCKS: "0",
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_CONFIG_GLOBAL: "/dev/null",
      HOME: cwd,
    },
  });
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

const HEADER = `import { test } from "node:test";\nimport assert from "node:assert/strict";\n`;
export const PASSING = `${HEADER}test("adds", () => assert.equal(1 + 1, 2));\n`;
export const FAILING = `${HEADER}test("subtracts", () => assert.equal(2 - 1, 0));\n`;
export const FIXED = FAILING.replace("0));", "1));");

/**
 * A temp FLOTILLA_REPOS root holding `app/`: a committed node:test suite with one passing and one
 * failing test, plus an uncommitted edit and an untracked file, as a user's checkout mid-work.
 */
export function userRepo(): { root: string; app: string; dispose: () => void } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "flotilla-testrun-repos-")));
  const app = join(root, "app");
  mkdirSync(app);
  git(app, "init", "--quiet", "--initial-branch=main");
  writeFiles(app, {
    "package.json": JSON.stringify({ type: "module", scripts: { test: "node --test" } }),
    "add.test.mjs": PASSING,
    "sub.test.mjs": FAILING,
  });
  git(app, "add", "--", ".");
  git(app, "commit", "--quiet", "-m", "tests");
  writeFiles(app, { "README.md": "uncommitted\n", "add.test.mjs": `${PASSING}// edited\n` });
  return { root, app, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** Every entry under `dir`, .git included: mode, mtime and content hash. */
export function hashTree(dir: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const path of readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()) {
    const entry = lstatSync(join(dir, path));
    const content = entry.isFile()
      ? createHash("sha256")
          .update(readFileSync(join(dir, path)))
          .digest("hex")
      : "";
    hashes[path] = `${entry.mode.toString(8)} ${entry.mtimeMs} ${content}`;
  }
  return hashes;
}

export const status = (dir: string) => git(dir, "status", "--porcelain", "--untracked-files=all");
