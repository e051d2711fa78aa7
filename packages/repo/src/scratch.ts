import { realpath, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { COMMITTER, git } from "./git.ts";
import { emptyFolder, taskFolder } from "./paths.ts";

export interface ScratchRepo {
  /** Real path of the new repository, `<dir>/<taskId>`. */
  path: string;
  /** The initial commit (a README), on branch `main`. */
  commit: string;
}

/**
 * A fresh repository at `<dir>/<taskId>` with one commit (a README), for a task that names no
 * repository. It then stands in for the user's repository: `cloneForTask` works on it the same way.
 *
 * @example
 * const { path } = await scratchRepo(".flotilla/scratch", task.task_id);
 */
export async function scratchRepo(dir: string, taskId: string): Promise<ScratchRepo> {
  const folder = taskFolder(dir, taskId);
  await emptyFolder(folder);
  const path = await realpath(folder);
  await git(["init", "--quiet", "--initial-branch=main"], { cwd: path });
  await writeFile(
    join(path, "README.md"),
    `# Scratch repository\n\nCreated by Flotilla for task ${taskId}, which named no repository of its own.\n`,
  );
  await git(["add", "--", "README.md"], { cwd: path });
  await git([...COMMITTER, "commit", "--quiet", "--no-verify", "-m", `Scratch repository for task ${taskId}`], {
    cwd: path,
  });
  const commit = (await git(["rev-parse", "HEAD"], { cwd: path })).trim();
  return { path, commit };
}
