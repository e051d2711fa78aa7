import { realpath, rm } from "node:fs/promises";
import { RepoError } from "./errors.ts";
import { git, runGit } from "./git.ts";
import { emptyFolder, taskFolder } from "./paths.ts";

export interface CloneForTaskOptions {
  /** The user's repository, as `resolveTarget` returned it. Only read. */
  repo: string;
  /** Branch, tag or commit to start from; default HEAD. */
  baseRef?: string;
  /** Folder that holds the clones; this one goes to `<dir>/<taskId>`. */
  dir: string;
  taskId: string;
}

export interface TaskClone {
  /** Real path of the clone. */
  path: string;
  /** `flotilla/<taskId>`, checked out in the clone. */
  branch: string;
  /** The commit `baseRef` named, where the branch starts. */
  baseCommit: string;
}

/**
 * A private clone of `repo` for one task, on a new branch `flotilla/<taskId>` at `baseRef`.
 * The user's checkout — HEAD, index, working tree, hooks, config, refs — is never changed.
 *
 * Why a clone and not `git worktree add`: a worktree writes its metadata into the user's
 * `.git/worktrees/` and shares their refs and config. Why `--no-local`: a plain local clone
 * hard-links the object files, so anything that writes into the clone's `.git/objects` (code run
 * in the sandbox, say) would write into the user's too; `--shared` would instead borrow the
 * user's object store, which their next `git gc` can pull out from under the clone. `--no-local`
 * copies the objects through git's transport, which only reads the source.
 *
 * @example
 * const clone = await cloneForTask({ repo, baseRef: "main", dir: ".flotilla/workspace", taskId });
 * // clone.path is on flotilla/<taskId>; apply the change set there
 */
export async function cloneForTask(opts: CloneForTaskOptions): Promise<TaskClone> {
  const { repo, taskId, baseRef = "HEAD" } = opts;
  const path = taskFolder(opts.dir, taskId);
  const branch = `flotilla/${taskId}`;
  const resolved = await runGit(["rev-parse", "--verify", "--quiet", "--end-of-options", `${baseRef}^{commit}`], {
    cwd: repo,
  });
  if (resolved.code !== 0 || baseRef.startsWith("-")) {
    const message = `base ref ${JSON.stringify(baseRef)} is not a commit in ${repo}: give a branch, tag or commit that exists there`;
    throw new RepoError(message, { repo, baseRef });
  }
  const baseCommit = resolved.stdout.trim();

  await emptyFolder(path);
  try {
    await git(["clone", "--quiet", "--no-local", "--no-checkout", "--", repo, path], { cwd: path, timeoutMs: 600_000 });
    // A commit no branch or tag reaches (a detached HEAD's) is not cloned; fetch it by id.
    if ((await runGit(["cat-file", "-e", `${baseCommit}^{commit}`], { cwd: path })).code !== 0)
      await git(["fetch", "--quiet", "origin", baseCommit], { cwd: path, timeoutMs: 600_000 });
    await git(["checkout", "--quiet", "-b", branch, baseCommit], { cwd: path });
  } catch (error) {
    // Half a clone is of no use, and would make the next try refuse the folder.
    await rm(path, { recursive: true, force: true });
    throw error;
  }
  return { path: await realpath(path), branch, baseCommit };
}
