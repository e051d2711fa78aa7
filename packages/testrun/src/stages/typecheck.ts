import { existsSync, readFileSync, realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { ValidationStage } from "@flotilla/contracts";
import { runSteps, skipped, stageFromRun, type StageContext, type Step } from "./steps.ts";

/**
 * Types: `tsc --noEmit` when the worktree has a tsconfig.json (its own TypeScript when installed
 * in the worktree, else Flotilla's, bound read-only), mypy when the repository configures it and
 * the sandbox's python has it. Neither: skipped.
 */
export async function typecheckStage(ctx: StageContext): Promise<ValidationStage> {
  const steps: Step[] = [];
  const mounts: string[] = [];
  const notes: string[] = [];
  const tsconfig = existsSync(join(ctx.dir, "tsconfig.json"));
  if (tsconfig) {
    const tsc = tscFor(ctx.dir);
    mounts.push(...tsc.mounts);
    steps.push({
      display: "tsc --noEmit -p tsconfig.json",
      command: ctx.toolchain.nodePath,
      // The build info of an incremental project goes to the sandbox's /tmp, not into the worktree.
      args: [
        tsc.bin,
        "--noEmit",
        "-p",
        "tsconfig.json",
        "--pretty",
        "false",
        "--tsBuildInfoFile",
        "/tmp/flotilla.tsbuildinfo",
      ],
    });
  }
  const mypy = mypyConfig(ctx.dir);
  if (mypy && (await hasMypy(ctx))) {
    // mypy checks the files its configuration names, else the whole worktree; its cache stays in /tmp.
    const targets = /^\s*files\s*=/m.test(mypy) ? [] : ["."];
    steps.push({
      display: `python3 -m mypy${targets.length ? " ." : ""}`,
      command: "python3",
      args: ["-m", "mypy", "--cache-dir=/tmp/mypy-cache", "--no-color-output", ...targets],
    });
  } else if (mypy) notes.push("mypy configured but not installed");
  if (!steps.length) return skipped("typecheck", notes[0] ?? "no tsconfig.json and no mypy configuration");

  const { run, display } = await runSteps(ctx, steps, mounts);
  const stage = stageFromRun("typecheck", run, display, "type errors");
  if (stage.status === "failed" && tsconfig && steps.length === 1 && onlyMissingDependencies(ctx.dir, run.stdout.text))
    return {
      ...stage,
      status: "unverified",
      detail: "tsc could not resolve the project's dependencies, which are not installed (no node_modules)",
    };
  return notes.length ? { ...stage, detail: [stage.detail, ...notes].filter(Boolean).join("; ") } : stage;
}

/** The worktree's own tsc when it has one inside the worktree (a linked one is invisible in the sandbox), else Flotilla's. */
function tscFor(dir: string): { bin: string; mounts: string[] } {
  const own = join(dir, "node_modules", "typescript");
  if (existsSync(join(own, "bin", "tsc")) && realpathSync(own).startsWith(`${dir}/`))
    return { bin: join(realpathSync(own), "bin", "tsc"), mounts: [] };
  const flotilla = realpathSync(dirname(createRequire(import.meta.url).resolve("typescript/package.json")));
  return { bin: join(flotilla, "bin", "tsc"), mounts: [flotilla] };
}

// Cannot find module / type definitions / a name from @types (node, jest, …).
const MISSING = new Set([2307, 2688, 2792, 7016, 2580, 2582, 2591, 2593, 2584, 2875]);

/** Every error is an unresolved dependency, and there is no node_modules to resolve them in. */
function onlyMissingDependencies(dir: string, output: string): boolean {
  if (existsSync(join(dir, "node_modules"))) return false;
  const codes = [...output.matchAll(/error TS(\d+):/g)].map((match) => Number(match[1]));
  return codes.length > 0 && codes.every((code) => MISSING.has(code));
}

const MYPY_CONFIG: [string, RegExp | undefined][] = [
  ["mypy.ini", undefined],
  [".mypy.ini", undefined],
  ["pyproject.toml", /^\[tool\.mypy\]/m],
  ["setup.cfg", /^\[mypy\]/m],
];

/** The text of the file configuring mypy, or undefined. */
function mypyConfig(dir: string): string | undefined {
  for (const [name, section] of MYPY_CONFIG) {
    const file = join(dir, name);
    if (!existsSync(file)) continue;
    const text = readFileSync(file, "utf8");
    if (!section || section.test(text)) return text;
  }
  return undefined;
}

async function hasMypy(ctx: StageContext): Promise<boolean> {
  const probe = "import importlib.util, sys; sys.exit(0 if importlib.util.find_spec('mypy') else 1)";
  const { run } = await runSteps(ctx, [
    { display: "python3 -c 'import mypy'", command: "python3", args: ["-I", "-c", probe] },
  ]);
  return run.exitCode === 0;
}
