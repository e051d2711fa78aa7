import { isAbsolute, relative, resolve } from "node:path";

/**
 * The ingest root for paths a person gave: `cwd` when they all lie inside it (sources read
 * "docs/guide.md"), else the filesystem root (sources are absolute paths without the leading /).
 */
export function rootFor(paths: string[], cwd: string = process.cwd()): string {
  const inside = paths.every((p) => {
    const rel = relative(cwd, resolve(cwd, p));
    return !rel.startsWith("..") && !isAbsolute(rel);
  });
  return inside ? resolve(cwd) : resolve("/");
}
