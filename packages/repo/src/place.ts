import { lstat, stat } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { isGitName } from "./change-path.ts";
import type { FileChange } from "./change-set.ts";
import { deepestExisting, isInside } from "./paths.ts";

/**
 * Why the change cannot happen at its place in the repository at `root` (a real path): its
 * folder leads outside the root or into .git/ through a symbolic link, the file is a link or a
 * folder, a create of a file that exists, a replace, patch or delete of one that does not.
 */
export async function placeProblem(root: string, change: FileChange): Promise<string | undefined> {
  const full = join(root, change.path);
  const { existing, real } = await deepestExisting(dirname(full));
  const shown = relative(root, existing) || ".";
  if (real === undefined) return `the path goes through ${shown}, a symbolic link that points nowhere`;
  if (!isInside(real, root))
    return `the path leads outside the repository through the symbolic link ${shown} (to ${real})`;
  if (relative(root, real).split(sep).some(isGitName))
    return `the path leads into .git/ through the symbolic link ${shown}`;
  if (!(await stat(real)).isDirectory()) return `${shown} is a file, so it cannot hold ${change.path}`;

  const entry = await lstat(full).catch(() => undefined);
  // Deleting a link removes the link itself; writing to one would write wherever it points.
  if (entry?.isSymbolicLink() && change.op !== "delete")
    return "the path is a symbolic link, and a change set never writes through one";
  if (entry?.isDirectory()) return "the path is a folder, not a file";
  if (entry && !entry.isFile() && !entry.isSymbolicLink()) return "the path is not a regular file";
  if (change.op === "create" && entry) return "the file already exists; use replace or patch";
  if (change.op !== "create" && !entry) return `the file does not exist${change.op === "delete" ? "" : "; use create"}`;
  return undefined;
}
