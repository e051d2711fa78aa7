import { mkdir, readdir, readFile, symlink } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FlotillaError } from "@flotilla/errors";
import { applyChangeSet, ChangeSet, cloneForTask, validateChangeSet, type ChangeSetProblem } from "@flotilla/repo";
import { commit, hashTree, makeUserRepo, status, tempDir } from "./helpers.ts";

const CAPS = { maxFileBytes: 1_000, maxTotalBytes: 100_000 };

/** A task's clone of a user's repository, with a committed link that points out of it. */
async function taskClone() {
  const dir = await tempDir();
  const user = await makeUserRepo(join(dir, "user"));
  const clone = await cloneForTask({ repo: user.path, dir: join(dir, "work"), taskId: "t1" });
  const outside = join(dir, "outside");
  await mkdir(outside);
  await symlink(outside, join(clone.path, "out"));
  await commit(clone.path, "a link out", ["out"]);
  return { dir, outside, root: clone.path };
}

// src/a.ts at HEAD is "export const a = 2;\nexport const b = 3;\n".
const PATCH_A = `diff --git a/src/a.ts b/src/a.ts
--- a/src/a.ts
+++ b/src/a.ts
@@ -1,2 +1,2 @@
-export const a = 2;
+export const a = 20;
 export const b = 3;
`;

describe("applyChangeSet", () => {
  it("rejects a change set with bad paths, naming each with its reason, and writes nothing", async () => {
    const { dir, outside, root } = await taskClone();
    const changeSet = ChangeSet.parse({
      changes: [
        { op: "create", path: "ok.txt", content: "would be fine alone\n" },
        { op: "create", path: "../x", content: "up\n" },
        { op: "replace", path: "/etc/passwd", content: "root::0:0::/:/bin/sh\n" },
        { op: "replace", path: ".git/config", content: "[core]\n" },
        { op: "create", path: "sub/.GIT/hooks/pre-commit", content: "#!/bin/sh\n" },
        { op: "create", path: "out/evil.txt", content: "through the link\n" },
        { op: "create", path: "blob.bin", content: "\x7fELF\x02\x01\x01\x00\x00\x00" },
        { op: "create", path: "big.txt", content: "x".repeat(CAPS.maxFileBytes + 1) },
        { op: "replace", path: "README.md", content: "would be fine alone\n" },
      ],
    });
    const before = await hashTree(root);
    const outsideBefore = await readdir(dir);

    const error = await applyChangeSet(root, changeSet, CAPS).then(
      () => undefined,
      (err: unknown) => err,
    );

    expect(FlotillaError.is(error) && error.name === "ChangeSetRejectedError" && !error.isRetryable).toBe(true);
    const problems = (error as FlotillaError & { problems: ChangeSetProblem[] }).problems;
    expect(problems.map((p) => p.path)).toEqual([
      "../x",
      "/etc/passwd",
      ".git/config",
      "sub/.GIT/hooks/pre-commit",
      "out/evil.txt",
      "blob.bin",
      "big.txt",
    ]);
    expect(problems.map((p) => p.reason)).toEqual([
      expect.stringContaining("'..' segment"),
      expect.stringContaining("is absolute"),
      expect.stringContaining("under .git/"),
      expect.stringContaining("under .git/"),
      expect.stringContaining("outside the repository through the symbolic link out"),
      expect.stringContaining("not text"),
      expect.stringContaining("over the per-file cap of 1000"),
    ]);
    for (const { path } of problems) expect((error as Error).message).toContain(JSON.stringify(path));
    expect(await status(root)).toBe("");
    expect(await hashTree(root)).toEqual(before);
    expect(await readdir(dir)).toEqual(outsideBefore);
    expect(await readdir(outside)).toEqual([]);
  });

  it("applies a valid change set: create, replace, patch and delete, and git status shows exactly those", async () => {
    const { root } = await taskClone();
    const changeSet = ChangeSet.parse({
      changes: [
        { op: "create", path: "src/util/sum.ts", content: "export const sum = (x: number, y: number) => x + y;\n" },
        { op: "replace", path: "README.md", content: "# App\n\nNow with sum.\n" },
        { op: "patch", path: "src/a.ts", diff: PATCH_A },
        { op: "delete", path: "src/old.ts" },
      ],
    });
    expect(await validateChangeSet(changeSet, root)).toEqual([]);

    expect(await applyChangeSet(root, changeSet)).toEqual(["src/util/sum.ts", "README.md", "src/a.ts", "src/old.ts"]);

    expect((await status(root)).split("\n").filter(Boolean).sort()).toEqual([
      " D src/old.ts",
      " M README.md",
      " M src/a.ts",
      "?? src/util/sum.ts",
    ]);
    expect(await readFile(join(root, "src", "a.ts"), "utf8")).toBe("export const a = 20;\nexport const b = 3;\n");
    expect(await readFile(join(root, "README.md"), "utf8")).toBe("# App\n\nNow with sum.\n");
  });
});
