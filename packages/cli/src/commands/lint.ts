import { existsSync } from "node:fs";
import { delimiter, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { runForeground } from "../child.ts";
import { ROOT } from "../paths.ts";
import { note } from "../say.ts";

export interface LintOptions {
  /** Rewrite what the tools can fix (prettier --write, eslint --fix) instead of only checking. */
  fix?: boolean;
  /** Tree to check instead of the repository; the rules are still the repository's. */
  root?: string;
}

/**
 * `flotilla lint [paths...] [--fix]`: the house rules, prettier (layout, .prettierrc.json) then
 * eslint (eslint.config.js), over the repository or the given paths, and for the whole repository
 * the type checker too (tsc: type-level tests such as `@ts-expect-error` only bite there). All
 * always run, so one pass shows every finding; the exit code is 1 if any found something.
 *
 * @example
 * await runLint(["packages/log"], {}); // 0 when that folder is formatted and lint-free
 */
export async function runLint(paths: string[], opts: LintOptions): Promise<number> {
  // scripts/flotilla changes to the repo root; paths the user typed are relative to where they were.
  const userCwd = process.env.FLOTILLA_CWD ?? process.cwd();
  const root = opts.root ? resolve(userCwd, opts.root) : ROOT;
  const targets = paths.length === 0 ? ["."] : paths.map((p) => toolPath(root, resolve(userCwd, p)));

  const prettierArgs = [
    ...(opts.fix ? ["--write", "--list-different"] : ["--check"]),
    // Given explicitly so that --root trees are held to the same rules.
    ...["--config", join(ROOT, ".prettierrc.json")],
    ...["--ignore-path", join(ROOT, ".prettierignore"), "--ignore-path", join(ROOT, ".gitignore")],
    "--no-error-on-unmatched-pattern",
    ...targets,
  ];
  const eslintArgs = [
    ...(opts.fix ? ["--fix"] : []),
    ...["--config", join(ROOT, "eslint.config.js")],
    // A path given by hand that eslint does not lint (a .json, a .md) is not a finding.
    ...["--no-error-on-unmatched-pattern", "--no-warn-ignored"],
    ...targets,
  ];

  const formatted = (await tool("prettier", prettierArgs, root)) === 0;
  const clean = (await tool("eslint", eslintArgs, root)) === 0;
  const wholeRepo = paths.length === 0 && !opts.root;
  const typed = !wholeRepo || (await tool("tsc", ["-p", join(ROOT, "tsconfig.json"), "--noEmit"], ROOT)) === 0;
  if (formatted && clean && typed) {
    note(`lint: prettier${wholeRepo ? ", eslint and tsc" : " and eslint"} found nothing`);
    return 0;
  }
  if (!formatted) note("lint: prettier found files that are not formatted (listed above)");
  if (!clean) note("lint: eslint found rule violations (listed above)");
  if (!typed) note("lint: tsc found type errors (listed above)");
  if (!opts.fix) note("`scripts/flotilla lint --fix` fixes the formatting and what eslint can; the rest is by hand");
  return 1;
}

/** A path as the tools should see it: relative to the root they run in when inside it. */
function toolPath(root: string, absolute: string): string {
  const rel = relative(root, absolute);
  return rel === "" ? "." : rel.startsWith("..") || isAbsolute(rel) ? absolute : rel;
}

function tool(name: "prettier" | "eslint" | "tsc", args: string[], cwd: string): Promise<number> {
  const bin = join(ROOT, "node_modules", ".bin", name);
  if (!existsSync(bin)) throw new Error(`${name} is not installed: run scripts/flotilla (it runs pnpm install)`);
  // The .bin shim runs `node` from PATH: make that the Node we run on (>= 22), not an older one.
  const path = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`;
  return runForeground(bin, args, { cwd, env: { ...process.env, PATH: path } });
}
