import { symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatCodeContext, relevantFiles } from "@flotilla/repo";
import { wordsOf } from "../src/code-context/words.ts";
import { git } from "../src/git.ts";
import { commit, tempDir, writeFiles } from "./helpers.ts";

const MEDIAN =
  "export function median(values: number[]): number {\n  const sorted = [...values].sort();\n  return sorted[sorted.length >> 1];\n}\n";

/** A small project: the median helper, unrelated code, a lockfile full of "median", a binary and a link out. */
async function project(): Promise<string> {
  const dir = await tempDir();
  const root = join(dir, "repo");
  await writeFiles(root, {
    "src/stats/median.ts": MEDIAN,
    "src/stats/mean.ts":
      "export const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;\n",
    "src/http/server.ts": "import { createServer } from 'node:http';\nexport const server = createServer();\n",
    "src/big.ts": `${"// filler line of the big file\n".repeat(200)}`,
    "README.md": "# Numbers\n\nArithmetic for small lists.\n",
    "package-lock.json": '{ "median": "median median median median" }\n',
  });
  await writeFile(join(root, "logo.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 109, 101, 100, 105, 97, 110]));
  await writeFile(join(dir, "secret.txt"), "median median median median median\n");
  await symlink(join(dir, "secret.txt"), join(root, "median-notes.txt"));
  await git(["init", "--quiet", "--initial-branch=main"], { cwd: root });
  await commit(root, "start", ["."]);
  return root;
}

describe("relevantFiles", () => {
  it("finds the file whose path and text match the query, skipping lockfiles, binaries and links", async () => {
    const root = await project();
    const context = await relevantFiles(root, "Add a median helper for the stats module");
    expect(context.tree).toEqual([
      "README.md",
      "logo.png",
      "median-notes.txt",
      "package-lock.json",
      "src/big.ts",
      "src/http/server.ts",
      "src/stats/mean.ts",
      "src/stats/median.ts",
    ]);
    expect(context.files.map((f) => [f.path, f.why])).toEqual([
      ["src/stats/median.ts", "matched"],
      ["src/stats/mean.ts", "matched"],
    ]);
    expect(context.files[0]?.content).toBe(MEDIAN);
    expect(context.files[0]!.score).toBeGreaterThan(context.files[1]!.score);
    expect(context.truncated).toBe(false);
  });

  it("puts named files first, keeps to maxFiles, and cuts the file that does not fit the budget", async () => {
    const root = await project();
    const named = await relevantFiles(root, "median", { named: ["./src/http/server.ts", "../outside", "nope.ts"] });
    expect(named.files.map((f) => [f.path, f.why])).toEqual([
      ["src/http/server.ts", "named"],
      ["src/stats/median.ts", "matched"],
    ]);
    expect((await relevantFiles(root, "median values", { maxFiles: 1 })).files.map((f) => f.path)).toEqual([
      "src/stats/median.ts",
    ]);

    const budgetBytes = MEDIAN.length + 1_000;
    const cut = await relevantFiles(root, "median", { named: ["src/stats/median.ts", "src/big.ts"], budgetBytes });
    expect(cut.files.map((f) => f.path)).toEqual(["src/stats/median.ts", "src/big.ts"]);
    expect(cut.files[1]?.content).toMatch(
      /^\/\/ filler line of the big file\n[^]*\n\[… the file has 6200 bytes; cut here/,
    );
    expect(cut.files.reduce((sum, f) => sum + Buffer.byteLength(f.content), 0)).toBeLessThanOrEqual(budgetBytes);
    expect(cut.truncated).toBe(true);
  });

  it("formats the tree and each file in a fence its content cannot close", async () => {
    const text = formatCodeContext({
      tree: ["README.md", "src/a.ts"],
      files: [{ path: "README.md", content: "```sh\nls\n```", score: 1, why: "named" }],
      truncated: false,
    });
    expect(text).toBe(
      "## Files in the repository\nREADME.md\nsrc/a.ts\n\n## README.md (named)\n````md\n```sh\nls\n```\n````\n",
    );
  });
});

describe("wordsOf", () => {
  it("splits camelCase and snake_case, drops stop words, and makes plurals singular", () => {
    expect(wordsOf("Add getMedianValues to the HTTPServer's stats_module (2 files)")).toEqual([
      "get",
      "median",
      "value",
      "http",
      "server",
      "stat",
      "module",
      "file",
    ]);
  });
});
