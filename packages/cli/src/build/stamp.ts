import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { ENTRIES, ROOT, STAMP_FILE, builtFile, type EntryName } from "./layout.ts";

/** What a build was made from: every file esbuild read, and their fingerprint at that time. */
export interface Stamp {
  fingerprint: string;
  inputs: string[];
}

/**
 * Files that change the output without being bundled: the manifests and the lock (which
 * third-party version an external import lands on) and the tsconfig esbuild reads.
 */
export function manifestFiles(): string[] {
  const manifests = ["packages", "teams"].flatMap((dir) =>
    readdirSync(join(ROOT, dir))
      .map((name) => `${dir}/${name}/package.json`)
      .filter((file) => existsSync(join(ROOT, file))),
  );
  return ["package.json", "pnpm-lock.yaml", "tsconfig.base.json", ...manifests];
}

/**
 * Size and mtime of each file, hashed: a stat per file is a few milliseconds for the whole
 * tree, where hashing the contents would read them all. A missing file changes it too.
 */
export function fingerprint(inputs: readonly string[], root = ROOT): string {
  const hash = createHash("sha256");
  for (const file of [...inputs].sort()) {
    const stat = statSync(join(root, file), { throwIfNoEntry: false });
    hash.update(`${file}\t${stat ? `${stat.size}\t${stat.mtimeMs}` : "missing"}\n`);
  }
  return hash.digest("hex");
}

export function readStamp(): Stamp | undefined {
  try {
    const stamp = JSON.parse(readFileSync(STAMP_FILE, "utf8")) as Partial<Stamp>;
    return typeof stamp.fingerprint === "string" && Array.isArray(stamp.inputs) ? (stamp as Stamp) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the last build still matches the sources: no file it read has changed, none is gone. */
export function isFresh(stamp = readStamp()): boolean {
  if (!stamp) return false;
  const entries = Object.keys(ENTRIES) as EntryName[];
  if (!entries.every((entry) => existsSync(builtFile(entry)))) return false;
  return fingerprint(stamp.inputs) === stamp.fingerprint;
}
