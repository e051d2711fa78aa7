/**
 * What kind of work a task is. Scores, model choice and lessons are kept per task type, so a
 * model that is good at bug fixes in Python is not assumed good at TypeScript refactors.
 */
export const TASK_KINDS = ["bugfix", "refactor", "tests", "docs", "performance", "security", "feature"] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** Whole-word keywords per kind; "feature" is what is left, so it has none. */
const KEYWORDS: Record<Exclude<TaskKind, "feature">, RegExp> = {
  bugfix:
    /\b(bugs?|bugfix|fix|fixes|fixed|fixing|broken|crash(es|ed|ing)?|regressions?|incorrect|wrong|fails|failing)\b|n[o'’]t work(s|ing)?\b/,
  refactor:
    /\b(refactor\w*|restructur\w*|clean ?up|cleanups?|renam\w*|simplif\w*|extract\w*|reorgani[sz]\w*|deduplicat\w*|tidy)\b/,
  tests: /\b(tests?|testing|unit[- ]tests?|coverage|specs?|e2e|test suite)\b/,
  docs: /\b(docs?|documentation|document\w*|readme|docstrings?|changelog|guide|tutorial|jsdoc|comments?)\b/,
  performance:
    /\b(performance|perf|faster|speed ?up|slow\w*|latency|optimi[sz]\w*|throughput|memory usage|cach(e|es|ing)|profil\w*)\b/,
  security:
    /\b(security|secure|vulnerab\w*|cve|xss|csrf|injection|sanitis\w*|sanitiz\w*|exploit\w*|secrets?|auth bypass|escap(e|ing) untrusted)\b/,
};

/**
 * Keyword classification of the task text: the first kind of TASK_KINDS whose keywords occur,
 * "feature" otherwise; plus "/<language>" when the language is known.
 *
 * @example
 * taskTypeOf("Fix the crash in the parser", "TypeScript") // "bugfix/typescript"
 * taskTypeOf("Add a dark mode")                           // "feature"
 */
export function taskTypeOf(text: string, language?: string): string {
  const lower = text.toLowerCase();
  const kind = TASK_KINDS.find((k) => k !== "feature" && KEYWORDS[k].test(lower)) ?? "feature";
  const lang = language?.trim().toLowerCase();
  return lang ? `${kind}/${lang}` : kind;
}

/**
 * The kind part of a task type.
 *
 * @example
 * taskKindOf("bugfix/typescript") // "bugfix"
 */
export function taskKindOf(taskType: string): string {
  return taskType.split("/")[0] ?? taskType;
}

const LANGUAGE_OF_EXTENSION: Record<string, string> = {
  ts: "typescript",
  tsx: "typescript",
  mts: "typescript",
  cts: "typescript",
  js: "javascript",
  jsx: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  py: "python",
  go: "go",
  rs: "rust",
  java: "java",
  kt: "kotlin",
  kts: "kotlin",
  scala: "scala",
  rb: "ruby",
  php: "php",
  cs: "csharp",
  fs: "fsharp",
  swift: "swift",
  c: "c",
  h: "c",
  cc: "cpp",
  cpp: "cpp",
  cxx: "cpp",
  hpp: "cpp",
  ex: "elixir",
  exs: "elixir",
  erl: "erlang",
  hs: "haskell",
  lua: "lua",
  dart: "dart",
  zig: "zig",
  sh: "shell",
};

/** Vendored or generated code says nothing about the language the repository is written in. */
const IGNORED_PATH = /(^|\/)(node_modules|vendor|dist|build|target)\/|\.min\.js$/;

/**
 * The dominant language of a repository from its tracked file paths, by extension (lock files,
 * markdown, json and other non-code files count for nothing); undefined when there is no code.
 * Ties go to the alphabetically first language, so the answer is stable.
 *
 * @example
 * languageOf(["src/a.ts", "src/b.ts", "scripts/x.py", "README.md"]) // "typescript"
 */
export function languageOf(paths: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const path of paths) {
    if (IGNORED_PATH.test(path)) continue;
    const name = path.slice(path.lastIndexOf("/") + 1);
    const dot = name.lastIndexOf(".");
    if (dot <= 0) continue;
    const language = LANGUAGE_OF_EXTENSION[name.slice(dot + 1).toLowerCase()];
    if (language) counts.set(language, (counts.get(language) ?? 0) + 1);
  }
  const ranked = [...counts].sort(([a, na], [b, nb]) => nb - na || a.localeCompare(b));
  return ranked[0]?.[0];
}
