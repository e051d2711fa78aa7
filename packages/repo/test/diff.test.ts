import { access, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FlotillaError } from "@flotilla/errors";
import { diffOf, diffStatOf } from "@flotilla/repo";
import { git } from "../src/git.ts";
import { commit, tempDir, writeFiles } from "./helpers.ts";

/** A repository with a base commit and a branch `task` one commit ahead, plus a hostile diff config. */
async function repo() {
  const dir = await tempDir();
  const root = join(dir, "repo");
  await writeFiles(root, { "a.txt": "one\ntwo\n", "b.txt": "gone\n" });
  await git(["init", "--quiet", "--initial-branch=main"], { cwd: root });
  const base = await commit(root, "base", ["a.txt", "b.txt"]);
  await git(["checkout", "--quiet", "-b", "task"], { cwd: root });
  await writeFiles(root, { "a.txt": "one\n2\nthree\n", "c.txt": "new\n" });
  await git(["rm", "--quiet", "b.txt"], { cwd: root });
  await commit(root, "change", ["a.txt", "c.txt"]);
  // Were any diff program run, it would leave this mark.
  const marker = join(dir, "external-diff-ran");
  await writeFile(join(dir, "differ.sh"), `#!/bin/sh\ntouch "${marker}"\n`, { mode: 0o755 });
  await git(["config", "diff.external", join(dir, "differ.sh")], { cwd: root });
  await writeFile(join(root, ".git", "info", "attributes"), "*.txt diff=conv\n");
  await git(["config", "diff.conv.textconv", join(dir, "differ.sh")], { cwd: root });
  return { root, base, marker };
}

describe("diffOf / diffStatOf", () => {
  it("give git's own unified diff and counts between two commits, running no diff program", async () => {
    const { root, base, marker } = await repo();
    const patch = await diffOf(root, base, "task");
    expect(patch).toContain("--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,3 @@\n one\n-two\n+2\n+three\n");
    expect(patch).toContain("deleted file mode 100644");
    expect(patch).toContain("+++ b/c.txt");
    const stat = await diffStatOf(root, base, "task");
    expect(stat).toMatchObject({ files: 3, insertions: 3, deletions: 2 });
    expect(stat.text).toMatch(/^ a.txt \| 3 \+\+-\n/);
    await expect(access(marker)).rejects.toThrow();
    expect(await diffStatOf(root, "task", "task")).toEqual({ files: 0, insertions: 0, deletions: 0, text: "" });
  });

  it("refuses a ref that names no commit", async () => {
    const { root, base } = await repo();
    const error = await diffOf(root, base, "no-such-branch").catch((err: unknown) => err);
    expect(FlotillaError.is(error) && error.message).toMatch(/"no-such-branch" is not a commit in/);
    await expect(diffOf(root, "--output=/tmp/x", "task")).rejects.toThrow(/is not a commit/);
  });
});
