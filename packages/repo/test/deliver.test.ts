import { access } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FlotillaError } from "@flotilla/errors";
import { branchExists, cloneForTask, commitChanges, deliverBranch, removeBranch } from "@flotilla/repo";
import { git } from "../src/git.ts";
import { checkoutEntries, checkoutFingerprint } from "../src/testing/index.ts";
import { makeUserRepo, status, tempDir, writeFiles } from "./helpers.ts";

const TASK = "7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d";
const BRANCH = `flotilla/${TASK}`;
const missing = (path: string) =>
  access(path).then(
    () => false,
    () => true,
  );
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => "",
    (err: unknown) => (FlotillaError.is(err) && err.name === "RepoError" ? err.message : String(err)),
  );

/** A user's checkout mid-work and a task clone with one commit on flotilla/<task>. */
async function delivered() {
  const dir = await tempDir();
  const user = await makeUserRepo(join(dir, "user"));
  const clone = await cloneForTask({ repo: user.path, dir: join(dir, "work"), taskId: TASK });
  await writeFiles(clone.path, { "src/stats/median.ts": "export const median = 1;\n" });
  const { commit } = await commitChanges(clone, { message: "Add median", trailers: { "Flotilla-Task": TASK } });
  return { dir, user, clone, commit };
}

const revParse = (cwd: string, ref: string) => git(["rev-parse", ref], { cwd }).then((out) => out.trim());

describe("deliverBranch", () => {
  it("creates the branch in the user's repository and leaves everything they see byte-identical", async () => {
    const { user, clone, commit } = await delivered();
    const entries = await checkoutEntries(user.path);
    const fingerprint = await checkoutFingerprint(user.path);
    const statusBefore = await status(user.path);
    expect(await branchExists(user.path, BRANCH)).toBe(false);

    await deliverBranch({ clone: clone.path, repo: user.path, branch: BRANCH, commit });

    expect(await branchExists(user.path, BRANCH)).toBe(true);
    expect(await revParse(user.path, BRANCH)).toBe(commit);
    const trailer = await git(["log", "-1", "--format=%(trailers:key=Flotilla-Task,valueonly)", BRANCH], {
      cwd: user.path,
    });
    expect(trailer.trim()).toBe(TASK);
    expect(await checkoutEntries(user.path)).toEqual(entries);
    expect(await checkoutFingerprint(user.path)).toBe(fingerprint);
    expect(await status(user.path)).toBe(statusBefore);
    expect(await revParse(user.path, "HEAD")).toBe(user.head);
    expect(await missing(user.hookMarker)).toBe(true);
    expect(await missing(join(user.path, ".git", "FETCH_HEAD"))).toBe(true);
  });

  it("moves a branch delivered before to the new commit", async () => {
    const { user, clone, commit } = await delivered();
    await deliverBranch({ clone: clone.path, repo: user.path, branch: BRANCH, commit });
    await writeFiles(clone.path, { "src/stats/median.ts": "export const median = 2;\n" });
    const second = await commitChanges(clone, { message: "Fix median", trailers: {} });
    await deliverBranch({ clone: clone.path, repo: user.path, branch: BRANCH, commit: second.commit });
    expect(await revParse(user.path, BRANCH)).toBe(second.commit);
  });

  it("refuses the checked-out branch (in any worktree), a bad name and a commit the clone lacks", async () => {
    const { dir, user, clone, commit } = await delivered();
    const fingerprint = await checkoutFingerprint(user.path);
    const deliver = (branch: string, what = commit) =>
      refusal(deliverBranch({ clone: clone.path, repo: user.path, branch, commit: what }));

    expect(await deliver("main")).toMatch(/will not deliver onto main: it is checked out in /);
    expect(await revParse(user.path, "main")).toBe(user.head);
    expect(await checkoutFingerprint(user.path)).toBe(fingerprint);

    await git(["worktree", "add", "--quiet", "-b", "feature", join(dir, "feature-tree")], { cwd: user.path });
    expect(await deliver("feature")).toMatch(/will not deliver onto feature: it is checked out in .*feature-tree/);

    expect(await deliver("bad..name")).toMatch(/not a valid branch name/);
    expect(await deliver("--upload-pack=touch")).toMatch(/not a valid branch name/);
    expect(await deliver("elsewhere", "0".repeat(40))).toMatch(/is not a commit in/);
    expect(await branchExists(user.path, "elsewhere")).toBe(false);
  });
});

describe("removeBranch", () => {
  it("deletes the branch, does nothing the second time, and refuses a checked-out one", async () => {
    const { user, clone, commit } = await delivered();
    await deliverBranch({ clone: clone.path, repo: user.path, branch: BRANCH, commit });
    const fingerprint = await checkoutFingerprint(user.path);

    await removeBranch(user.path, BRANCH);
    expect(await branchExists(user.path, BRANCH)).toBe(false);
    await removeBranch(user.path, BRANCH);
    expect(await checkoutFingerprint(user.path)).toBe(fingerprint);
    expect(await missing(user.hookMarker)).toBe(true);

    expect(await refusal(removeBranch(user.path, "main"))).toMatch(/will not remove main: it is checked out/);
    expect(await branchExists(user.path, "main")).toBe(true);
  });
});
