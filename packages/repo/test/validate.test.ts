import { symlink } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateChangeSet, type ChangeSet } from "@flotilla/repo";
import { commit, hashTree, tempDir, writeFiles } from "./helpers.ts";
import { git } from "../src/git.ts";

/** A small repository: two files, a folder, and a link into .git. */
async function repo(): Promise<string> {
  const root = join(await tempDir(), "repo");
  await writeFiles(root, { "a.txt": "one\ntwo\n", "src/b.ts": "export {};\n" });
  await git(["init", "--quiet"], { cwd: root });
  await symlink(".git", join(root, "meta"));
  await commit(root, "start", ["a.txt", "src", "meta"]);
  return root;
}

const reasonsOf = async (root: string, changes: ChangeSet["changes"], caps = {}) =>
  Object.fromEntries((await validateChangeSet({ changes }, root, caps)).map((p) => [p.path, p.reason]));

const diff = (path: string, body: string) => `--- a/${path}\n+++ b/${path}\n${body}`;

describe("validateChangeSet", () => {
  it("refuses paths by their text: backslash, NUL, '.' segments, .git in disguise", async () => {
    const root = await repo();
    const reasons = await reasonsOf(root, [
      { op: "create", path: "src\\c.ts", content: "" },
      { op: "create", path: "c\0.ts", content: "" },
      { op: "create", path: "./c.ts", content: "" },
      { op: "create", path: "", content: "" },
      { op: "create", path: "x/.Git./config", content: "" },
      { op: "create", path: "C:/c.ts", content: "" },
    ]);
    expect(reasons).toEqual({
      "src\\c.ts": expect.stringContaining("backslash"),
      "c\0.ts": expect.stringContaining("NUL"),
      "./c.ts": expect.stringContaining("'.' segment"),
      "": expect.stringContaining("empty"),
      "x/.Git./config": expect.stringContaining("under .git/"),
      "C:/c.ts": expect.stringContaining("absolute"),
    });
  });

  it("refuses what does not fit the tree: missing, existing, a folder, a link, a link into .git, a file as a folder", async () => {
    const root = await repo();
    const reasons = await reasonsOf(root, [
      { op: "delete", path: "gone.txt" },
      { op: "replace", path: "gone.txt.bak", content: "" },
      { op: "create", path: "a.txt", content: "" },
      { op: "replace", path: "src", content: "" },
      { op: "replace", path: "meta", content: "" },
    ]);
    expect(reasons).toEqual({
      "gone.txt": "the file does not exist",
      "gone.txt.bak": expect.stringContaining("does not exist; use create"),
      "a.txt": expect.stringContaining("already exists"),
      src: expect.stringContaining("is a folder"),
      meta: expect.stringContaining("is a symbolic link"),
    });
    await symlink(join(root, "nowhere"), join(root, "dangling"));
    expect(
      await reasonsOf(root, [
        { op: "replace", path: "meta/config", content: "" },
        { op: "create", path: "a.txt/inner", content: "" },
        { op: "create", path: "dangling/x.txt", content: "" },
      ]),
    ).toEqual({
      "meta/config": expect.stringContaining("into .git/"),
      "a.txt/inner": expect.stringContaining("a.txt is a file"),
      "dangling/x.txt": expect.stringContaining("points nowhere"),
    });
  });

  it("refuses one path changed twice, a file that is also a folder, and a set over the total cap", async () => {
    const root = await repo();
    expect(
      await reasonsOf(root, [
        { op: "create", path: "n.txt", content: "1" },
        { op: "create", path: "n.txt", content: "2" },
        { op: "create", path: "m", content: "" },
        { op: "create", path: "m/k.txt", content: "" },
      ]),
    ).toEqual({ "n.txt": expect.stringContaining("more than once"), m: expect.stringContaining("folder of m/k.txt") });
    const big = (path: string) => ({ op: "create" as const, path, content: "x".repeat(600) });
    expect(await reasonsOf(root, [big("p.txt"), big("q.txt")], { maxTotalBytes: 1_000 })).toEqual({
      "q.txt": expect.stringContaining("over the total cap of 1000"),
    });
  });

  it("checks a patch with git: it must apply, touch only its own path and only edit lines", async () => {
    const root = await repo();
    const before = await hashTree(root);
    const reasons = await reasonsOf(root, [
      { op: "patch", path: "a.txt", diff: diff("a.txt", "@@ -1,2 +1,2 @@\n-uno\n+eins\n two\n") },
      { op: "patch", path: "src/b.ts", diff: diff("a.txt", "@@ -1,2 +1,2 @@\n-one\n+eins\n two\n") },
      { op: "patch", path: "gone.txt", diff: diff("gone.txt", "@@ -1 +1 @@\n-x\n+y\n") },
      { op: "patch", path: "src/c.ts", diff: "not a diff at all\n" },
    ]);
    expect(reasons).toEqual({
      "a.txt": expect.stringContaining("does not apply"),
      "src/b.ts": expect.stringContaining("the diff changes a.txt, not just src/b.ts"),
      "gone.txt": expect.stringContaining("does not exist"),
      "src/c.ts": expect.stringContaining("does not exist"),
    });
    const modeChange = "diff --git a/a.txt b/a.txt\nold mode 100644\nnew mode 100755\n";
    expect(await reasonsOf(root, [{ op: "patch", path: "a.txt", diff: modeChange }])).toEqual({
      "a.txt": expect.stringContaining("changes the mode"),
    });
    expect(await reasonsOf(root, [{ op: "patch", path: "src/b.ts", diff: "not a diff at all\n" }])).toEqual({
      "src/b.ts": expect.stringContaining("not a patch git can read"),
    });
    expect(await hashTree(root)).toEqual(before);
  });
});
