import { lstat, readFile, realpath } from "node:fs/promises";
import { basename, join } from "node:path";
import { isInside } from "../paths.ts";

// Generated files whose text is long and says nothing a person wrote.
const LOCKFILES = new Set([
  "package-lock.json",
  "npm-shrinkwrap.json",
  "pnpm-lock.yaml",
  "yarn.lock",
  "bun.lockb",
  "Cargo.lock",
  "Gemfile.lock",
  "composer.lock",
  "poetry.lock",
  "Pipfile.lock",
  "uv.lock",
  "go.sum",
  "flake.lock",
]);

/** True for lockfiles and minified or source-map files, which are never worth a prompt's bytes. */
export const isGenerated = (path: string): boolean =>
  LOCKFILES.has(basename(path)) || /\.min\.(js|css)$|\.map$/.test(path);

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The text of the file at `path` under `root` (a real path), or undefined when it is not a
 * regular file, is over `maxBytes`, is not UTF-8 text, or lies outside `root` through a linked
 * folder. A symbolic link is never followed: a repository may hold one pointing at ~/.ssh.
 */
export async function readText(root: string, path: string, maxBytes: number): Promise<string | undefined> {
  const full = join(root, path);
  const entry = await lstat(full).catch(() => undefined);
  if (!entry?.isFile() || entry.size > maxBytes) return undefined;
  const real = await realpath(full).catch(() => undefined);
  if (real === undefined || !isInside(real, root)) return undefined;
  const bytes = await readFile(real).catch(() => undefined);
  if (bytes === undefined || bytes.subarray(0, 8_000).includes(0)) return undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}
