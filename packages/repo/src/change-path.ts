import { Buffer } from "node:buffer";
import type { ChangeSetCaps, FileChange } from "./change-set.ts";

// Characters HFS+ ignores in names, so that ".g\u200cit" is ".git" there; git refuses them too.
const IGNORABLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2063\u206a-\u206f\ufeff]/g;

/** True for `.git` in any case, and the names some file systems take for it (`.git.`, `git~1`). */
export function isGitName(segment: string): boolean {
  const name = segment
    .replace(IGNORABLE, "")
    .toLowerCase()
    .replace(/[. ]+$/, "");
  return name === ".git" || name === "git~1";
}

/** Why `path` cannot name a file inside a repository, judged from the text alone; undefined when it can. */
export function pathProblem(path: string): string | undefined {
  if (path === "") return "the path is empty";
  if (path.includes("\0")) return "the path contains a NUL character";
  if ([...path].some((char) => char < " " || char === "\u007f")) return "the path contains a control character";
  if (path.includes("\\")) return "the path contains a backslash; use forward slashes (src/app.ts)";
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path))
    return "the path is absolute; paths are relative to the repository root (src/app.ts)";
  const segments = path.split("/");
  if (segments.includes("..")) return "the path has a '..' segment; a change set may not reach outside the repository";
  if (segments.some(isGitName))
    return "the path is under .git/; git's own files (config, hooks, refs) are never changed";
  if (segments.some((segment) => segment === "" || segment === "."))
    return "the path has an empty or '.' segment; give the plain relative path (src/app.ts)";
  return undefined;
}

/** The text a change carries (content or diff); empty for a delete. */
export const payloadOf = (change: FileChange): string =>
  change.op === "delete" ? "" : change.op === "patch" ? change.diff : change.content;

/** Why the change's content or diff is refused: over the per-file cap, or not text. */
export function payloadProblem(change: FileChange, caps: ChangeSetCaps): string | undefined {
  const payload = payloadOf(change);
  const bytes = Buffer.byteLength(payload, "utf8");
  const what = change.op === "patch" ? "the diff" : "the content";
  if (bytes > caps.maxFileBytes) return `${what} is ${bytes} bytes, over the per-file cap of ${caps.maxFileBytes}`;
  if (payload.includes("\0"))
    return `${what} is not text (it contains NUL bytes); a change set carries text files only`;
  if (!payload.isWellFormed()) return `${what} is not valid UTF-8 text (it has unpaired surrogates)`;
  return undefined;
}

/** Paths changed twice, or used both as a file and as a folder of another change. */
export function conflictProblems(paths: readonly string[]): Map<string, string> {
  const problems = new Map<string, string>();
  const seen = new Set<string>();
  for (const path of paths) {
    if (seen.has(path)) problems.set(path, "the path is changed more than once in this change set");
    seen.add(path);
  }
  for (const path of seen) {
    const inside = paths.find((other) => other.startsWith(`${path}/`));
    if (inside) problems.set(path, `the path is a file here and a folder of ${inside} in the same change set`);
  }
  return problems;
}
