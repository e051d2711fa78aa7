import { performance } from "node:perf_hooks";
import { clipText, MAX, type ValidationReport, type ValidationStage } from "@flotilla/contracts";
import { sandboxAvailable, type SandboxLimits, type SandboxMode } from "@flotilla/sandbox";
import { DEFAULT_TEST_LIMITS } from "./execute.ts";
import { realWorktree } from "./run.ts";
import { lintStage } from "./stages/lint.ts";
import { skipped, type StageContext } from "./stages/steps.ts";
import { syntaxStage } from "./stages/syntax.ts";
import { testsStage } from "./stages/tests.ts";
import { typecheckStage } from "./stages/typecheck.ts";
import { hostToolchain } from "./toolchain.ts";

export interface ValidateOptions {
  /** The paths the change touched, relative to the worktree; the syntax stage checks these. */
  changedPaths: string[];
  /** FLOTILLA_TEST_COMMAND. */
  testCommand?: string;
  /** Default: FLOTILLA_SANDBOX. */
  mode?: SandboxMode;
  /** For each stage's run; default DEFAULT_TEST_LIMITS. */
  limits?: Partial<SandboxLimits>;
}

type Check = (ctx: StageContext, options: ValidateOptions) => Promise<ValidationStage>;

const STAGES: [ValidationStage["name"], Check][] = [
  ["syntax", (ctx, options) => syntaxStage(ctx, options.changedPaths)],
  ["typecheck", (ctx) => typecheckStage(ctx)],
  ["lint", (ctx) => lintStage(ctx)],
  ["tests", (ctx, options) => testsStage(ctx, options.testCommand)],
];

/**
 * Checks a prepared worktree (a clone with the change applied) in the sandbox: syntax of the
 * changed files, typecheck, the repository's linter, its tests. A failed stage stops the ones
 * after it. With no sandbox nothing runs and the verdict is `unverified`. Writes nothing into the
 * worktree but what the repository's own commands write there.
 *
 * @example
 * const report = await validateWorktree(clone.path, { changedPaths: ["src/sum.ts"], mode: config.FLOTILLA_SANDBOX });
 * if (report.verdict === "fail") await askForFix(formatValidation(report));
 */
export async function validateWorktree(dir: string, options: ValidateOptions): Promise<ValidationReport> {
  const started = performance.now();
  const worktree = realWorktree(dir);
  const elapsed = () => Math.round(performance.now() - started);
  const sandbox = await sandboxAvailable({ mode: options.mode });
  if (!sandbox.ok) {
    const detail = `not run: ${sandbox.reason}`;
    const stages = STAGES.map(([name]): ValidationStage => ({ name, status: "unverified", detail }));
    return { verdict: "unverified", stages, duration_ms: elapsed() };
  }
  const ctx: StageContext = {
    dir: worktree,
    toolchain: await hostToolchain(sandbox.kind),
    limits: { ...DEFAULT_TEST_LIMITS, ...options.limits },
    mode: options.mode,
  };
  const stages: ValidationStage[] = [];
  for (const [name, check] of STAGES) {
    if (stages.some((stage) => stage.status === "failed")) {
      stages.push(skipped(name, "an earlier stage failed"));
      continue;
    }
    // A check that throws (a .flotilla.json that is not JSON, a sandbox that broke) is that stage's error, not the caller's.
    stages.push(await check(ctx, options).catch((error: unknown) => broken(name, error)));
  }
  // A stage's detail rides in development's CodeReady: within its limit (the run record has the rest).
  const bounded = stages.map((stage) => ({ ...stage, detail: clipText(stage.detail, MAX.text) }));
  return { verdict: verdictOf(bounded), stages: bounded, duration_ms: elapsed() };
}

function broken(name: ValidationStage["name"], error: unknown): ValidationStage {
  return { name, status: "error", detail: error instanceof Error ? error.message : String(error) };
}

/** `fail` on any failed stage; `pass` only when something passed and nothing broke or went unverified. */
function verdictOf(stages: ValidationStage[]): ValidationReport["verdict"] {
  if (stages.some((stage) => stage.status === "failed")) return "fail";
  const unsure = stages.some((stage) => stage.status === "error" || stage.status === "unverified");
  return unsure || !stages.some((stage) => stage.status === "passed") ? "unverified" : "pass";
}
