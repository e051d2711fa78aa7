import { stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { RepoError } from "./errors.ts";
import { runGit, tail } from "./git.ts";
import { isInside, realpathIfExists } from "./paths.ts";

/**
 * The real top-level folder of the git repository at `path`, provided it lies under one of
 * `roots` (FLOTILLA_REPOS) once every symbolic link is resolved: no `..` and no link leads out.
 * Only reads; nothing in the repository is changed.
 *
 * @example
 * await resolveTarget("/home/me/src/app/lib", ["/home/me/src"]); // "/home/me/src/app"
 */
export async function resolveTarget(path: string, roots: readonly string[]): Promise<string> {
  const real = await realpathIfExists(resolve(path));
  if (real === undefined) throw new RepoError(`repository ${path} does not exist`, { path });
  const realRoots = (await Promise.all(roots.map((root) => realpathIfExists(resolve(root))))).filter(
    (root): root is string => root !== undefined,
  );
  const root = realRoots.find((candidate) => isInside(real, candidate));
  if (root === undefined) throw outsideRoots(path, real, roots);
  if (!(await stat(real)).isDirectory())
    throw new RepoError(`${path} is a file; give the folder of a git repository`, { path, FLOTILLA_REPOS: roots });

  // Git looks for the repository upwards, but never above the root: a repository around the
  // root (a home folder under git, say) is not one the user listed.
  const found = await runGit(["rev-parse", "--show-toplevel"], {
    cwd: real,
    env: { GIT_CEILING_DIRECTORIES: dirname(root) },
  });
  if (found.code !== 0)
    throw new RepoError(
      `${path} is not a git repository with a working tree (git: ${tail(found.stderr)}); give the folder of a ` +
        "git checkout under FLOTILLA_REPOS, or no repository for a scratch one",
      { path, FLOTILLA_REPOS: roots },
    );
  const top = await realpathIfExists(found.stdout.trim());
  if (top === undefined || !realRoots.some((candidate) => isInside(top, candidate)))
    throw outsideRoots(path, top ?? real, roots);
  return top;
}

function outsideRoots(path: string, real: string, roots: readonly string[]): RepoError {
  const listed =
    roots.length === 0
      ? "FLOTILLA_REPOS is empty, so only scratch repositories may be used"
      : `FLOTILLA_REPOS is ${roots.join(",")}`;
  const via = real === resolve(path) ? "" : ` (it resolves to ${real})`;
  return new RepoError(
    `repository ${path}${via} is not under the folders Flotilla may touch: ${listed}. ` +
      "Add the folder that holds it to FLOTILLA_REPOS (comma-separated) to allow it.",
    { path, real, FLOTILLA_REPOS: roots },
  );
}
