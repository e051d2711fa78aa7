import { execFile } from "node:child_process";
import { chmod, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { promisify } from "node:util";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FlotillaError } from "@flotilla/errors";
import { cloneForTask, commitChanges } from "@flotilla/repo";
import { git } from "../src/git.ts";
import { withTrailers } from "../src/trailers.ts";
import { makeUserRepo, status, tempDir, writeFiles } from "./helpers.ts";

const execFileP = promisify(execFile);
const TASK = "5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

async function freshClone() {
  const dir = await tempDir();
  const user = await makeUserRepo(join(dir, "user"));
  const clone = await cloneForTask({ repo: user.path, dir: join(dir, "work"), taskId: TASK });
  return { dir, user, clone };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => "",
    (err: unknown) => (FlotillaError.is(err) && err.name === "RepoError" ? err.message : String(err)),
  );

describe("commitChanges", () => {
  it("makes one commit on the task branch, with the trailers, no hooks and no test report", async () => {
    const { clone } = await freshClone();
    await writeFiles(clone.path, {
      "src/stats/median.ts": "export const median = (xs: number[]) => xs[0];\n",
      "src/a.ts": "export const a = 2;\n",
      ".flotilla-test-report/junit.xml": "<testsuites/>\n",
    });
    await rm(join(clone.path, "src", "old.ts"));
    const hook = join(clone.path, ".git", "hooks", "pre-commit");
    await writeFile(hook, "#!/bin/sh\nexit 1\n");
    await chmod(hook, 0o755);

    const message = "Add median\n\nA body with a line that looks like a comment:\n# not one\n---\nand a divider.\n";
    const trailers = { "Flotilla-Task": TASK, "Flotilla-Team": "development\nand more" };
    const result = await commitChanges(clone, { message, trailers });

    const inClone = (args: string[]) => git(args, { cwd: clone.path }).then((out) => out.trim());
    expect(await inClone(["rev-list", "--count", `${clone.baseCommit}..${clone.branch}`])).toBe("1");
    expect(await inClone(["rev-parse", clone.branch])).toBe(result.commit);
    expect(await inClone(["log", "-1", "--format=%(trailers)"])).toBe(
      `Flotilla-Task: ${TASK}\nFlotilla-Team: development and more`,
    );
    expect(await inClone(["log", "-1", "--format=%(trailers:key=Flotilla-Task,valueonly)"])).toBe(TASK);
    expect(await inClone(["log", "-1", "--format=%s|%an <%ae>"])).toBe("Add median|Flotilla <flotilla@localhost>");
    expect(await inClone(["log", "-1", "--format=%B"])).toContain("# not one\n---\nand a divider.");
    expect(await inClone(["show", "--name-status", "--format=", "HEAD"])).toBe(
      "M\tsrc/a.ts\nD\tsrc/old.ts\nA\tsrc/stats/median.ts",
    );
    expect(await status(clone.path)).toBe("");
    expect(result.diffStat).toMatchObject({ files: 3, insertions: 1, deletions: 2 });
    expect(result.diffStat.text).toMatch(/3 files changed, 1 insertion\(\+\), 2 deletions\(-\)$/);
    expect(await readFile(join(clone.path, ".git", "info", "exclude"), "utf8")).toContain(".flotilla-test-report/");
  });

  it("starts no automatic gc or maintenance, whatever the repository's config asks", async () => {
    const { clone } = await freshClone();
    const inClone = (args: string[]) => execFileP("git", args, { cwd: clone.path });
    // A second pack, and a config asking to merge packs as soon as there are two, in the
    // foreground: the automatic gc after a commit would leave one.
    await writeFiles(clone.path, { "src/first.ts": "export const first = 1;\n" });
    await inClone(["add", "-A"]);
    await inClone(["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "first"]);
    await inClone(["repack", "-q"]);
    for (const [key, value] of [
      ["gc.autoPackLimit", "1"],
      ["gc.autoDetach", "false"],
      ["maintenance.auto", "true"],
    ] as const)
      await inClone(["config", key, value]);
    const packs = async () =>
      (await readdir(join(clone.path, ".git", "objects", "pack"))).filter((f) => f.endsWith(".pack")).length;
    expect(await packs()).toBe(2);
    await writeFiles(clone.path, { "src/gc.ts": "export const gc = 1;\n" });
    await commitChanges(clone, { message: "No gc", trailers: {} });
    expect(await packs()).toBe(2);
  });

  it("refuses when nothing changed, a test report aside, and when the clone left its branch", async () => {
    const { clone } = await freshClone();
    await mkdir(join(clone.path, ".flotilla-test-report"));
    await writeFile(join(clone.path, ".flotilla-test-report", "junit.xml"), "<testsuites/>\n");
    const opts = { message: "Nothing", trailers: {} };
    expect(await refusal(commitChanges(clone, opts))).toMatch(/nothing to commit/);
    // Twice: the exclude line is written once.
    expect(await refusal(commitChanges(clone, opts))).toMatch(/nothing to commit/);
    const exclude = await readFile(join(clone.path, ".git", "info", "exclude"), "utf8");
    expect(exclude.split("\n").filter((line) => line === ".flotilla-test-report/")).toHaveLength(1);
    expect((await git(["rev-parse", "HEAD"], { cwd: clone.path })).trim()).toBe(clone.baseCommit);

    await writeFiles(clone.path, { "x.txt": "x\n" });
    await git(["checkout", "--quiet", "--detach"], { cwd: clone.path });
    expect(await refusal(commitChanges(clone, opts))).toMatch(/is not on flotilla\//);
  });
});

describe("withTrailers", () => {
  it("adds a trailer paragraph, or joins the one that ends the message", () => {
    expect(withTrailers("Subject  \n\n\n", { A: "1" })).toBe("Subject\n\nA: 1\n");
    expect(withTrailers("Subject\n\nBody\n\nRefs: 12\n", { A: "1" })).toBe("Subject\n\nBody\n\nRefs: 12\nA: 1\n");
    expect(withTrailers("Refs: 12", { A: "1" })).toBe("Refs: 12\n\nA: 1\n");
    expect(withTrailers("Subject", {})).toBe("Subject\n");
    expect(() => withTrailers("Subject", { "Bad Key": "1" })).toThrow(/cannot be a trailer name/);
    expect(() => withTrailers(" \n", { A: "1" })).toThrow(/message is empty/);
  });
});
