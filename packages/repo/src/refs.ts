import { RepoError } from "./errors.ts";
import { git, runGit } from "./git.ts";

/**
 * The full id of the commit `ref` names in `repo`; a RepoError when it names none. A ref that
 * starts with "-" is refused outright, so it can never be read as an option.
 */
export async function resolveCommit(repo: string, ref: string): Promise<string> {
  const found = ref.startsWith("-")
    ? undefined
    : await runGit(["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`], { cwd: repo });
  if (found?.code !== 0)
    throw new RepoError(
      `${JSON.stringify(ref)} is not a commit in ${repo}: give a branch, tag or commit that exists there`,
      {
        repo,
        ref,
      },
    );
  return found.stdout.trim();
}

/** `refs/heads/<branch>`, after checking that git accepts `branch` as a branch name. */
export async function branchRef(repo: string, branch: string): Promise<string> {
  const ref = `refs/heads/${branch}`;
  const bad = branch.startsWith("-") || branch === "HEAD";
  if (bad || (await runGit(["check-ref-format", ref], { cwd: repo })).code !== 0)
    throw new RepoError(`${JSON.stringify(branch)} is not a valid branch name (see git check-ref-format)`, {
      repo,
      branch,
    });
  return ref;
}

/**
 * True when `repo` has a local branch `branch`. Only reads.
 *
 * @example
 * if (await branchExists(user.path, `flotilla/${taskId}`)) say("already delivered");
 */
export async function branchExists(repo: string, branch: string): Promise<boolean> {
  const ref = await branchRef(repo, branch);
  return (await runGit(["show-ref", "--verify", "--quiet", ref], { cwd: repo })).code === 0;
}

/**
 * The worktree of `repo` that has `ref` checked out (the main one or a linked one), if any:
 * moving or deleting that ref would change what the user has in front of them.
 */
export async function worktreeHolding(repo: string, ref: string): Promise<string | undefined> {
  const list = await runGit(["worktree", "list", "--porcelain", "-z"], { cwd: repo });
  if (list.code !== 0) return undefined;
  let worktree: string | undefined;
  for (const line of list.stdout.split("\0")) {
    if (line.startsWith("worktree ")) worktree = line.slice("worktree ".length);
    else if (line === `branch ${ref}`) return worktree ?? repo;
  }
  return undefined;
}

/** Every file path in the tree of `commit` (what the task's clones will hold). */
export async function trackedPaths(repo: string, commit: string): Promise<string[]> {
  return (await git(["ls-tree", "-r", "-z", "--name-only", commit], { cwd: repo })).split("\0").filter(Boolean);
}
