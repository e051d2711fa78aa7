import { resolve } from "node:path";
import { RepoError } from "./errors.ts";
import { git, runGit } from "./git.ts";
import { branchRef, resolveCommit, worktreeHolding } from "./refs.ts";

export interface DeliverOptions {
  /** The task's clone, which holds `commit`. Only read. */
  clone: string;
  /** The user's repository, which gets the branch. */
  repo: string;
  /** Branch name to create there, e.g. `flotilla/<taskId>`. */
  branch: string;
  /** The commit (in the clone) the branch points at. */
  commit: string;
}

// The fetch touches refs and objects only: no commit-graph, no FETCH_HEAD, no tags, no
// submodules and no pruning, whatever their config says. git.ts already turns hooks
// (reference-transaction too), fsmonitor, and maintenance or gc that would repack the user's
// objects off.
const QUIET_FETCH = [
  ["-c", "fetch.writeCommitGraph=false", "fetch", "--quiet"],
  ["--no-tags", "--no-write-fetch-head", "--no-recurse-submodules", "--no-auto-maintenance", "--no-prune"],
].flat();

/**
 * Puts `commit` from the task's clone into the user's repository as branch `branch` (replacing
 * a branch of that name), without touching their HEAD, index, working tree, hooks or config:
 * a fetch into `refs/heads/<branch>`, run in their repository. Refuses a branch that is checked
 * out in any of their worktrees, since moving it would change the files in front of them.
 *
 * @example
 * await deliverBranch({ clone: clone.path, repo: user, branch: clone.branch, commit });
 * // `git log flotilla/<taskId>` now works in the user's checkout
 */
export async function deliverBranch(opts: DeliverOptions): Promise<void> {
  const { repo, branch } = opts;
  const ref = await branchRef(repo, branch);
  const commit = await resolveCommit(opts.clone, opts.commit);
  await refuseCheckedOut(repo, branch, ref, "deliver onto");
  // An absolute path, so the clone can never be read as an option; the upload-pack that serves
  // it runs no hooks, and git ignores a repository's own uploadpack.packObjectsHook.
  await git([...QUIET_FETCH, resolve(opts.clone), `+${commit}:${ref}`], { cwd: repo, timeoutMs: 600_000 });
  const landed = (await git(["rev-parse", "--verify", "--end-of-options", ref], { cwd: repo })).trim();
  if (landed !== commit)
    throw new RepoError(`${branch} in ${repo} is at ${landed} after the fetch, not at ${commit}`, {
      repo,
      branch,
      commit,
      landed,
    });
}

/**
 * Deletes branch `branch` from `repo` if it is there; does nothing when it is not. Refuses a
 * branch checked out in one of the repository's worktrees. Touches nothing but the ref.
 *
 * @example
 * await removeBranch(user, `flotilla/${taskId}`); // the task was abandoned
 */
export async function removeBranch(repo: string, branch: string): Promise<void> {
  const ref = await branchRef(repo, branch);
  await refuseCheckedOut(repo, branch, ref, "remove");
  const found = await runGit(["rev-parse", "--verify", "--quiet", "--end-of-options", ref], { cwd: repo });
  if (found.code !== 0) return;
  // With the old value, so a branch moved in the meantime is left alone rather than lost.
  await git(["update-ref", "--no-deref", "-d", ref, found.stdout.trim()], { cwd: repo });
}

async function refuseCheckedOut(repo: string, branch: string, ref: string, verb: string): Promise<void> {
  const worktree = await worktreeHolding(repo, ref);
  if (worktree !== undefined)
    throw new RepoError(
      `will not ${verb} ${branch}: it is checked out in ${worktree}, and changing it would change the files there; ` +
        "switch that checkout to another branch, or use another branch name",
      { repo, branch, worktree },
    );
}
