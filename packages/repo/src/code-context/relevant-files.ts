import { Buffer } from "node:buffer";
import { realpath } from "node:fs/promises";
import { pathProblem } from "../change-path.ts";
import { RepoError } from "../errors.ts";
import { git } from "../git.ts";
import { fitToBudget } from "./fit.ts";
import { isGenerated, readText } from "./read-text.ts";
import { scoreFiles, type ScoredText } from "./score.ts";

export interface RelevantFilesOptions {
  /** Paths (relative to the folder) the task names: shown first, whatever they score. */
  named?: string[];
  /** UTF-8 bytes of file content in all; default 24,000. */
  budgetBytes?: number;
  /** Files shown at most, named ones included; default 8. */
  maxFiles?: number;
}

export interface ContextFile {
  path: string;
  content: string;
  score: number;
  why: "named" | "matched";
}

export interface CodeContext {
  /** Tracked files, at most 2,000. */
  tree: string[];
  /** Named files first, then the best matches, in that order. */
  files: ContextFile[];
  /** True when the tree was capped, or a file was cut or left out to keep to the budget. */
  truncated: boolean;
}

const MAX_TREE = 2_000;
// A file bigger than this is data or generated, not code to read; a named one may be bigger.
const MAX_SCORED_BYTES = 100_000;
const MAX_NAMED_BYTES = 5_000_000;

/**
 * The files of the repository at `dir` most worth showing an agent for `query`: the named
 * ones, then those whose path and text share the query's words (BM25), within a byte budget.
 * Lockfiles, binaries, links and files over 100 kB are never scored. Only reads.
 *
 * @example
 * const context = await relevantFiles(clone.path, task.description, { named: ["src/stats/median.ts"] });
 * prompt += formatCodeContext(context);
 */
export async function relevantFiles(dir: string, query: string, opts: RelevantFilesOptions = {}): Promise<CodeContext> {
  const { budgetBytes = 24_000, maxFiles = 8 } = opts;
  const root = await realpath(dir).catch((cause: unknown) => {
    throw new RepoError(`${dir} does not exist, so there is no code to show`, { dir }, cause);
  });
  const tracked = (await git(["ls-files", "-z", "--cached"], { cwd: root })).split("\0").filter(Boolean);
  const tree = tracked.slice(0, MAX_TREE);

  const texts: ScoredText[] = [];
  for (const path of tree) {
    const content = isGenerated(path) ? undefined : await readText(root, path, MAX_SCORED_BYTES);
    if (content !== undefined) texts.push({ path, content });
  }
  const scores = scoreFiles(query, texts);

  const named: ContextFile[] = [];
  for (const path of new Set((opts.named ?? []).map((p) => p.replace(/^(\.\/)+/, "")))) {
    const content = pathProblem(path) ? undefined : await readText(root, path, MAX_NAMED_BYTES);
    if (content !== undefined) named.push({ path, content, score: scores.get(path) ?? 0, why: "named" });
  }
  const matched: ContextFile[] = texts
    .map(({ path, content }) => ({ path, content, score: scores.get(path) ?? 0, why: "matched" as const }))
    .filter((file) => file.score > 0 && !named.some((n) => n.path === file.path))
    .sort((a, b) => b.score - a.score || a.path.localeCompare(b.path));

  const files: ContextFile[] = [];
  let remaining = budgetBytes;
  let truncated = tracked.length > tree.length;
  for (const file of [...named, ...matched].slice(0, maxFiles)) {
    const fitted = fitToBudget(file.content, remaining);
    if (fitted === undefined) {
      truncated = true;
      break;
    }
    files.push({ ...file, content: fitted.text });
    remaining -= Buffer.byteLength(fitted.text, "utf8");
    if (fitted.cut) {
      truncated = true;
      break;
    }
  }
  return { tree, files, truncated };
}
