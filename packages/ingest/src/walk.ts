import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { confine, type Roots } from "./links.ts";

/** Folders never worth ingesting; dot-folders and dotfiles are skipped as well. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set(["node_modules", ".git", ".flotilla"]);

export function isSkippedName(name: string): boolean {
  return SKIPPED_DIRS.has(name) || name.startsWith(".");
}

export interface Walked {
  files: string[];
  /** Links not followed: dangling, or leading out of the roots. */
  refused: Array<{ path: string; reason: string }>;
}

/**
 * Every file below `dir`, sorted, skipping node_modules, .git, .flotilla and dot-entries.
 * A symlinked file is followed when its target lies within `roots`; symlinked folders are not
 * followed (no cycles), and are reported only when they lead out of the roots or nowhere.
 */
export async function walkFiles(dir: string, roots: Roots, out: Walked = { files: [], refused: [] }): Promise<Walked> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    // A folder deleted while we walk is simply no longer there.
    if (error.code === "ENOENT" || error.code === "ENOTDIR") return [];
    throw error;
  });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (isSkippedName(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walkFiles(path, roots, out);
    else if (entry.isFile()) out.files.push(path);
    else if (entry.isSymbolicLink()) {
      const target = await confine(path, roots);
      if ("refused" in target) out.refused.push({ path, reason: target.refused });
      else if ((await stat(target.real).catch(() => undefined))?.isFile()) out.files.push(path);
    }
  }
  return out;
}
