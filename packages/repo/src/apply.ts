import { constants } from "node:fs";
import { mkdir, realpath, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { ChangeSet, ChangeSetCaps, FileChange } from "./change-set.ts";
import { ChangeSetRejectedError, RepoError } from "./errors.ts";
import { git } from "./git.ts";
import { validateChangeSet } from "./validate.ts";

/**
 * Applies `changeSet` in the repository at `root` (a task's clone, never the user's checkout)
 * and returns the changed paths. Validates first: when anything is wrong, nothing is written and
 * a ChangeSetRejectedError lists every problem.
 *
 * @example
 * const changed = await applyChangeSet(clone.path, changeSet); // ["src/sum.ts", "README.md"]
 */
export async function applyChangeSet(
  root: string,
  changeSet: ChangeSet,
  caps: Partial<ChangeSetCaps> = {},
): Promise<string[]> {
  const problems = await validateChangeSet(changeSet, root, caps);
  if (problems.length > 0) throw new ChangeSetRejectedError(problems);
  const realRoot = await realpath(root);
  const written: string[] = [];
  for (const change of changeSet.changes) {
    try {
      await applyOne(realRoot, change);
    } catch (cause) {
      throw new RepoError(
        `applying the change to ${change.path} failed after ${written.length} of ${changeSet.changes.length} changes were ` +
          `written (${written.join(", ") || "none"}); discard the clone at ${realRoot} and start again`,
        { root: realRoot, path: change.path, written },
        cause,
      );
    }
    written.push(change.path);
  }
  return written;
}

async function applyOne(root: string, change: FileChange): Promise<void> {
  const full = join(root, change.path);
  switch (change.op) {
    case "create":
      await mkdir(dirname(full), { recursive: true });
      // wx: fails rather than overwrite anything that appeared since validation, a link included.
      return writeFile(full, change.content, { flag: "wx" });
    case "replace":
      // In place, so the file keeps its mode; O_NOFOLLOW refuses a link that appeared since validation.
      return writeFile(full, change.content, { flag: constants.O_WRONLY | constants.O_TRUNC | constants.O_NOFOLLOW });
    case "patch":
      await git(["apply", "--whitespace=nowarn"], { cwd: root, input: change.diff });
      return;
    case "delete":
      return rm(full);
  }
}
