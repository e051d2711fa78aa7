import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname, isAbsolute, join } from "node:path";
import type { TaskClone } from "./clone.ts";
import { diffStatBetween, type DiffStat } from "./diff.ts";
import { RepoError } from "./errors.ts";
import { COMMITTER, git, runGit } from "./git.ts";
import { withTrailers } from "./trailers.ts";

export interface CommitOptions {
  /** Subject line, then an optional body. */
  message: string;
  /** Added as the message's last paragraph, e.g. `{ "Flotilla-Task": taskId }`. */
  trailers: Record<string, string>;
}

export interface CommitResult {
  commit: string;
  /** From the clone's base commit to the new one. */
  diffStat: DiffStat;
}

// Where the test runner writes its reports inside the clone (see @flotilla/testrun); never part of a change.
const NEVER_COMMITTED = [".flotilla-test-report/"];

/**
 * Stages everything in the task's clone and makes one commit on its branch, as Flotilla, with
 * no hooks run. Refuses (RepoError) when there is nothing to commit or the clone has left its branch.
 *
 * @example
 * await applyChangeSet(clone.path, changeSet);
 * const { commit, diffStat } = await commitChanges(clone, { message: "Add median", trailers: { "Flotilla-Task": id } });
 */
export async function commitChanges(clone: TaskClone, opts: CommitOptions): Promise<CommitResult> {
  const cwd = clone.path;
  const message = withTrailers(opts.message, opts.trailers);
  const head = await runGit(["symbolic-ref", "--quiet", "HEAD"], { cwd });
  if (head.stdout.trim() !== `refs/heads/${clone.branch}`)
    throw new RepoError(`the clone at ${cwd} is not on ${clone.branch}, so there is no branch to commit to`, {
      path: cwd,
      branch: clone.branch,
      head: head.stdout.trim(),
    });

  await excludeLocally(cwd, NEVER_COMMITTED);
  await git(["add", "--all", "--", "."], { cwd });
  if ((await runGit(["diff", "--cached", "--quiet", "--no-ext-diff"], { cwd })).code === 0)
    throw new RepoError(`nothing to commit in ${cwd}: the change left every file as it was`, {
      path: cwd,
      branch: clone.branch,
    });
  await git([...COMMITTER, "commit", "--quiet", "--no-verify", "--cleanup=whitespace", "--file=-"], {
    cwd,
    input: message,
  });
  const commit = (await git(["rev-parse", "HEAD"], { cwd })).trim();
  // Both are commit ids: the base was resolved when the clone was made, HEAD just now.
  return { commit, diffStat: await diffStatBetween(cwd, clone.baseCommit, commit) };
}

/** Adds `patterns` to the clone's own `.git/info/exclude` (once), which is never committed. */
async function excludeLocally(cwd: string, patterns: string[]): Promise<void> {
  const found = (await git(["rev-parse", "--git-path", "info/exclude"], { cwd })).trim();
  const file = isAbsolute(found) ? found : join(cwd, found);
  const current = await readFile(file, "utf8").catch(() => "");
  const lines = new Set(current.split("\n"));
  const missing = patterns.filter((pattern) => !lines.has(pattern));
  if (missing.length === 0) return;
  await mkdir(dirname(file), { recursive: true });
  const separator = current === "" || current.endsWith("\n") ? "" : "\n";
  await appendFile(file, `${separator}${missing.join("\n")}\n`);
}
