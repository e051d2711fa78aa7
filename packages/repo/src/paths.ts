import { lstat, mkdir, readdir, realpath } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { RepoError } from "./errors.ts";

/** True when `child` is `parent` or inside it (both absolute, already real paths). */
export function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** The real path, or undefined when nothing is there. */
export async function realpathIfExists(path: string): Promise<string | undefined> {
  return realpath(path).catch(() => undefined);
}

/** True when something (a file, a folder, a link, even a broken one) is at `path`. */
export const exists = (path: string): Promise<boolean> =>
  lstat(path).then(
    () => true,
    () => false,
  );

/**
 * The deepest part of `path` that exists (itself included), and its real path — undefined when
 * that part is a symbolic link pointing nowhere.
 */
export async function deepestExisting(path: string): Promise<{ existing: string; real: string | undefined }> {
  let existing = path;
  while (!(await exists(existing)) && dirname(existing) !== existing) existing = dirname(existing);
  return { existing, real: await realpathIfExists(existing) };
}

// Task ids are UUIDs; anything that could not be a folder name and a branch name is refused.
const TASK_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** `<dir>/<taskId>`, after checking that the task id is a plain name. */
export function taskFolder(dir: string, taskId: string): string {
  if (!TASK_ID.test(taskId))
    throw new RepoError(
      `task id ${JSON.stringify(taskId)} cannot name a folder and a branch: use letters, digits, - and _`,
      {
        taskId,
      },
    );
  return resolve(dir, taskId);
}

/** Creates `path` (and its parents); refuses one that already holds something. */
export async function emptyFolder(path: string): Promise<void> {
  await mkdir(path, { recursive: true });
  if ((await readdir(path)).length > 0)
    throw new RepoError(`${path} is not empty: another run of this task used it; remove it or use a new task id`, {
      path,
    });
}
