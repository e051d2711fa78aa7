import { git } from "./git.ts";
import { resolveCommit } from "./refs.ts";

/** What a diff changes: counts for a summary, and git's `--stat` table for a person. */
export interface DiffStat {
  files: number;
  insertions: number;
  deletions: number;
  /** `git diff --stat` output: one line per file, then the summary line; "" for no change. */
  text: string;
}

// Diffs are read in the user's repository too: no external diff program or textconv filter
// its config or .gitattributes may name is ever run, and the output is the same everywhere.
const PLAIN = ["--no-ext-diff", "--no-textconv", "--no-color"];

/**
 * The unified diff from `base` to `ref` in `repo` (what `flotilla show TASK --diff` prints).
 * Both must name commits; only reads.
 *
 * @example
 * const patch = await diffOf(user.path, task.baseCommit, `flotilla/${taskId}`);
 */
export async function diffOf(repo: string, base: string, ref: string): Promise<string> {
  const [from, to] = await commitsOf(repo, base, ref);
  return git(["diff", ...PLAIN, "--binary", from, to, "--"], { cwd: repo });
}

/**
 * How many files, inserted and deleted lines the change from `base` to `ref` holds, with the
 * `--stat` table. Renames count as one file, binary files as a file with no lines.
 *
 * @example
 * const { files, insertions, deletions } = await diffStatOf(clone.path, clone.baseCommit, "HEAD");
 */
export async function diffStatOf(repo: string, base: string, ref: string): Promise<DiffStat> {
  const [from, to] = await commitsOf(repo, base, ref);
  return diffStatBetween(repo, from, to);
}

/** `diffStatOf` for two commit ids already resolved (a commit just made): two git processes fewer. */
export async function diffStatBetween(repo: string, from: string, to: string): Promise<DiffStat> {
  const text = (await git(["diff", ...PLAIN, "--stat=120", from, to, "--"], { cwd: repo })).trimEnd();
  // The last line is git's summary: " 2 files changed, 3 insertions(+), 1 deletion(-)" (LC_ALL=C).
  const summary = text.split("\n").at(-1) ?? "";
  const count = (word: RegExp) => Number(word.exec(summary)?.[1] ?? 0);
  return {
    files: count(/(\d+) files? changed/),
    insertions: count(/(\d+) insertions?\(\+\)/),
    deletions: count(/(\d+) deletions?\(-\)/),
    text,
  };
}

const commitsOf = (repo: string, base: string, ref: string) =>
  Promise.all([resolveCommit(repo, base), resolveCommit(repo, ref)]);
