import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";

/** Folders never worth ingesting; dot-folders and dotfiles are skipped as well. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(["node_modules", ".git", ".flotilla"]);

export function isSkippedName(name: string): boolean {
  return SKIPPED_DIRS.has(name) || name.startsWith(".");
}

/**
 * Every file below `dir`, sorted, skipping node_modules, .git, .flotilla and dot-entries.
 * Symlinked files are followed; symlinked folders are not (no cycles).
 */
export async function walkFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    // A folder deleted while we walk is simply no longer there.
    if (error.code === "ENOENT" || error.code === "ENOTDIR") return [];
    throw error;
  });
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (isSkippedName(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walkFiles(path)));
    else if (entry.isFile()) out.push(path);
    else if (entry.isSymbolicLink() && (await stat(path).catch(() => undefined))?.isFile()) out.push(path);
  }
  return out;
}
