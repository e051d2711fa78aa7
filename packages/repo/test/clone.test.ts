import { access, lstat, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { FlotillaError } from "@flotilla/errors";
import { cloneForTask, scratchRepo } from "@flotilla/repo";
import { git } from "../src/git.ts";
import { hashTree, makeUserRepo, status, tempDir } from "./helpers.ts";

const TASK = "0b6f4c1e-8a9d-4f7e-9c3b-2d1e0f5a6b7c";
const missing = (path: string) =>
  access(path).then(
    () => false,
    () => true,
  );

/** A HOME and GIT_DIR that would change what git does, were they ever passed to it. */
async function hostileEnvironment(dir: string): Promise<string> {
  const home = join(dir, "home");
  const marker = join(dir, "global-hooks-ran.log");
  await mkdir(join(home, "hooks"), { recursive: true });
  await writeFile(join(home, "hooks", "post-checkout"), `#!/bin/sh\necho ran >> "${marker}"\n`, { mode: 0o755 });
  await writeFile(
    join(home, ".gitconfig"),
    `[core]\n\thooksPath = ${join(home, "hooks")}\n[init]\n\ttemplateDir = ${home}\n[clone]\n\tdefaultRemoteName = hostile\n`,
  );
  vi.stubEnv("HOME", home);
  vi.stubEnv("XDG_CONFIG_HOME", home);
  vi.stubEnv("GIT_DIR", join(dir, "nowhere"));
  onTestFinished(() => {
    vi.unstubAllEnvs();
  });
  return marker;
}

describe("cloneForTask", () => {
  it("leaves the user's repository byte-identical while the clone is on flotilla/<task> at the base", async () => {
    const dir = await tempDir();
    const user = await makeUserRepo(join(dir, "user"));
    const globalMarker = await hostileEnvironment(dir);
    const before = await hashTree(user.path);
    const statusBefore = await status(user.path);
    expect(statusBefore).toBe(" M README.md\nA  staged.txt\n?? notes.txt\n");

    const clone = await cloneForTask({ repo: user.path, dir: join(dir, "work"), taskId: TASK });

    expect(await status(user.path)).toBe(statusBefore);
    expect(await hashTree(user.path)).toEqual(before);
    expect(await missing(user.hookMarker)).toBe(true);
    expect(await missing(globalMarker)).toBe(true);

    expect(clone).toEqual({ path: join(dir, "work", TASK), branch: `flotilla/${TASK}`, baseCommit: user.head });
    expect((await git(["symbolic-ref", "--short", "HEAD"], { cwd: clone.path })).trim()).toBe(`flotilla/${TASK}`);
    expect((await git(["rev-parse", "HEAD"], { cwd: clone.path })).trim()).toBe(user.head);
    expect(await status(clone.path)).toBe("");
    // Committed content only: the user's uncommitted edits stay theirs.
    expect(await readFile(join(clone.path, "README.md"), "utf8")).toBe("# App\n");
    // Its own objects: no alternates into the user's store, no file hard-linked to theirs.
    expect(await missing(join(clone.path, ".git", "objects", "info", "alternates"))).toBe(true);
    const objects = join(clone.path, ".git", "objects");
    for (const path of await readdir(objects, { recursive: true })) {
      const entry = await lstat(join(objects, path));
      if (entry.isFile()) expect(entry.nlink, path).toBe(1);
    }
    expect((await git(["remote"], { cwd: clone.path })).trim()).toBe("origin");
  });

  it("starts from a given branch, tag or commit", async () => {
    const dir = await tempDir();
    const user = await makeUserRepo(join(dir, "user"));
    const fromTag = await cloneForTask({ repo: user.path, baseRef: "v1", dir: join(dir, "a"), taskId: TASK });
    expect(fromTag.baseCommit).toBe(user.first);
    expect(await readFile(join(fromTag.path, "src", "a.ts"), "utf8")).toBe("export const a = 1;\n");
    const fromSha = await cloneForTask({ repo: user.path, baseRef: user.first, dir: join(dir, "b"), taskId: TASK });
    expect((await git(["rev-parse", "HEAD"], { cwd: fromSha.path })).trim()).toBe(user.first);

    // A commit no branch or tag reaches: made in another repository and fetched into the user's by id.
    const other = await makeUserRepo(join(dir, "other", "repo"));
    await git(["fetch", "--quiet", other.path, "main"], { cwd: user.path });
    const loose = await cloneForTask({ repo: user.path, baseRef: other.head, dir: join(dir, "c"), taskId: TASK });
    expect((await git(["rev-parse", "HEAD"], { cwd: loose.path })).trim()).toBe(other.head);
  });

  it("refuses a base ref that is not there, a task id that is not a plain name and a folder in use", async () => {
    const dir = await tempDir();
    const user = await makeUserRepo(join(dir, "user"));
    const work = join(dir, "work");
    const refused = (promise: Promise<unknown>) =>
      promise.then(
        () => "",
        (err: unknown) => (FlotillaError.is(err) && !err.isRetryable ? err.message : String(err)),
      );
    expect(
      await refused(cloneForTask({ repo: user.path, baseRef: "no-such-branch", dir: work, taskId: TASK })),
    ).toMatch(/base ref "no-such-branch" is not a commit/);
    expect(await missing(work)).toBe(true);
    expect(await refused(cloneForTask({ repo: user.path, dir: work, taskId: "../escape" }))).toMatch(
      /cannot name a folder/,
    );
    await mkdir(join(work, TASK), { recursive: true });
    await writeFile(join(work, TASK, "left-over"), "");
    expect(await refused(cloneForTask({ repo: user.path, dir: work, taskId: TASK }))).toMatch(
      /is not empty: another run/,
    );
  });
});

describe("scratchRepo", () => {
  it("makes a repository with one commit holding a README, which a task can then clone", async () => {
    const dir = await tempDir();
    const scratch = await scratchRepo(join(dir, "scratch"), TASK);
    expect(scratch.path).toBe(join(dir, "scratch", TASK));
    expect((await git(["rev-list", "--count", "HEAD"], { cwd: scratch.path })).trim()).toBe("1");
    expect((await git(["ls-tree", "--name-only", "HEAD"], { cwd: scratch.path })).trim()).toBe("README.md");
    expect(await status(scratch.path)).toBe("");
    const clone = await cloneForTask({ repo: scratch.path, dir: join(dir, "work"), taskId: TASK });
    expect(clone.baseCommit).toBe(scratch.commit);
  });
});
