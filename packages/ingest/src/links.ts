import { lstat, readlink, realpath } from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";

/**
 * Where ingestion may read: the real locations of the paths it was given. A symbolic link is
 * followed only when its target lies inside one of them, so a `docs/passwd.md → /etc/passwd`
 * is never read, and a dangling link is reported rather than failing.
 */
export type Roots = readonly string[];

/** Real paths of `paths` (a root that does not exist yet stays as given). */
export async function realRoots(paths: readonly string[]): Promise<Roots> {
  return Promise.all(paths.map(async (p) => realpath(p).catch(() => resolve(p))));
}

export function isWithin(roots: Roots, real: string): boolean {
  return roots.some((root) => real === root || real.startsWith(root.endsWith(sep) ? root : `${root}${sep}`));
}

/**
 * The real path of `path` when it lies within `roots`, else why it is refused (a link out of
 * them, or a dangling link). A path with nothing at all there comes back as is: reading it
 * reports the loss.
 */
export async function confine(path: string, roots: Roots): Promise<{ real: string } | { refused: string }> {
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    const link = await lstat(path).catch(() => undefined);
    if (!link?.isSymbolicLink()) return { real: path };
    const target = await readlink(path).catch(() => "?");
    return { refused: `dangling symbolic link (to ${target}, which does not exist): skipped` };
  }
  if (isWithin(roots, real)) return { real };
  return { refused: `symbolic link out of the ingest roots (to ${real}): not followed` };
}

/** Where `path` leads, links resolved; for a path not there, where its nearest existing folder leads. */
async function realLocation(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(await realLocation(parent), basename(path));
  }
}

/**
 * Those of `paths` whose real location (links resolved) is not inside one of `dirs`; both
 * resolved against `cwd`. For callers that let others name paths, such as an MCP tool.
 *
 * @example
 * await outsideOf(["docs/passwd.md"], ["docs"]) // ["docs/passwd.md"] when it links to /etc/passwd
 */
export async function outsideOf(paths: string[], dirs: string[], cwd = process.cwd()): Promise<string[]> {
  const roots = await realRoots(dirs.map((d) => resolve(cwd, d)));
  const out: string[] = [];
  for (const p of paths) {
    const full = resolve(cwd, p);
    if (!isWithin(roots, await realLocation(full))) out.push(p);
  }
  return out;
}
