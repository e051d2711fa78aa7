import { existsSync, lstatSync, readFileSync, realpathSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import type { ValidationStage } from "@flotilla/contracts";
import { runSteps, skipped, stageFromRun, type StageContext, type Step } from "./steps.ts";

const JS = /\.[cm]?js$/;
const PYTHON = /\.py$/;
const TYPESCRIPT = /\.[cm]?tsx?$/;
/** Bigger files are left to the later stages rather than parsed in Flotilla's own process. */
const PARSE_MAX_BYTES = 2 * 1024 ** 2;

/**
 * Syntax of the changed files: `node --check` for JavaScript, `python3 -m py_compile` for Python
 * (bytecode to /tmp), both in the sandbox. TypeScript without a tsconfig.json is parsed here, in
 * Flotilla's process, with TypeScript's own parser (node 22 cannot check TypeScript syntax);
 * with one, the typecheck stage reports its syntax errors.
 */
export async function syntaxStage(ctx: StageContext, changedPaths: string[]): Promise<ValidationStage> {
  const files = changedFiles(ctx.dir, changedPaths);
  const js = files.filter((file) => JS.test(file));
  const python = files.filter((file) => PYTHON.test(file));
  const typescript = existsSync(join(ctx.dir, "tsconfig.json")) ? [] : files.filter((file) => TYPESCRIPT.test(file));
  if (!js.length && !python.length && !typescript.length)
    return skipped("syntax", "no changed JavaScript or Python files (nor TypeScript outside a tsconfig.json project)");

  const parseErrors = typescript.length ? await parseTypeScript(ctx.dir, typescript) : [];
  const steps: Step[] = js.map((file) => ({
    display: `node --check ${file}`,
    command: ctx.toolchain.nodePath,
    args: ["--check", argument(file)],
  }));
  if (python.length)
    steps.push({
      display: `python3 -m py_compile ${python.join(" ")}`,
      command: "python3",
      args: ["-m", "py_compile", ...python.map(argument)],
    });
  const ran = steps.length ? await runSteps(ctx, steps) : undefined;
  const stage = ran ? stageFromRun("syntax", ran.run, ran.display, "syntax errors") : undefined;
  if (!parseErrors.length) return stage ?? { name: "syntax", status: "passed", detail: "" };
  const shown =
    parseErrors.slice(0, 5).join("; ") + (parseErrors.length > 5 ? `; and ${parseErrors.length - 5} more` : "");
  const detail = [`TypeScript syntax errors: ${shown}`, stage?.status === "failed" ? stage.detail : ""].filter(Boolean);
  return { ...stage, name: "syntax", status: "failed", detail: detail.join("; ") };
}

/**
 * The changed paths that are regular files inside the worktree, relative to it; deleted files,
 * links and anything reached through a linked folder are left out (TypeScript is read in
 * Flotilla's own process, which sees more than the sandbox).
 */
function changedFiles(dir: string, paths: string[]): string[] {
  const files = new Set<string>();
  for (const path of paths) {
    const file = relative(dir, resolve(dir, path));
    if (!file || file.startsWith("..") || isAbsolute(file)) continue;
    try {
      if (lstatSync(join(dir, file)).isFile() && realpathSync(join(dir, file)) === join(dir, file)) files.add(file);
    } catch {
      // deleted by the change
    }
  }
  return [...files].sort();
}

/** A leading `-` would be read as an option. */
const argument = (file: string) => (file.startsWith("-") ? `./${file}` : file);

/** `file(line,col): message` for each syntax error; parsing runs nothing of the file. */
async function parseTypeScript(dir: string, files: string[]): Promise<string[]> {
  const { default: ts } = await import("typescript");
  const errors: string[] = [];
  for (const file of files) {
    if (lstatSync(join(dir, file)).size > PARSE_MAX_BYTES) continue;
    const { diagnostics = [] } = ts.transpileModule(readFileSync(join(dir, file), "utf8"), {
      fileName: file,
      reportDiagnostics: true,
      compilerOptions: { target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.ESNext, jsx: ts.JsxEmit.Preserve },
    });
    for (const diagnostic of diagnostics) {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
      const at =
        diagnostic.file && diagnostic.start !== undefined
          ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
          : undefined;
      errors.push(`${file}${at ? `(${at.line + 1},${at.character + 1})` : ""}: TS${diagnostic.code} ${message}`);
    }
  }
  return errors;
}
