import { runSandboxed, type SandboxLimits, type SandboxMode, type SandboxRun } from "@flotilla/sandbox";
import { clipText, MAX, RUN_RECORD_TEXT_MAX, type SandboxRunRecord, type ValidationStage } from "@flotilla/contracts";
import { sandboxEnv, type Toolchain } from "../toolchain.ts";

/** What every stage of one validation shares. */
export interface StageContext {
  /** The worktree (real path). */
  dir: string;
  toolchain: Toolchain;
  limits: SandboxLimits;
  mode?: SandboxMode;
}

/** One command of a stage. */
export interface Step {
  /** As a person would type it. */
  display: string;
  command: string;
  args: string[];
}

const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/**
 * Runs a stage's steps as one sandboxed run: a single step as itself (its exit code is the
 * run's), several through `sh`, each run even after one fails so that every error is reported.
 */
export async function runSteps(
  ctx: StageContext,
  steps: Step[],
  readOnlyPaths: string[] = [],
): Promise<{ run: SandboxRun; display: string }> {
  const [only] = steps;
  const invocation =
    steps.length === 1 && only
      ? { command: only.command, args: only.args }
      : { command: "/bin/sh", args: ["-c", script(steps)] };
  const run = await runSandboxed({
    ...invocation,
    cwd: ctx.dir,
    env: sandboxEnv(ctx.dir, ctx.toolchain),
    limits: ctx.limits,
    readOnlyPaths: [...ctx.toolchain.readOnlyPaths, ...readOnlyPaths],
    mode: ctx.mode,
  });
  return { run, display: steps.map((step) => step.display).join("; ") };
}

/** Every step, in order; the run's exit code is the last failing step's, 0 when all passed. */
function script(steps: Step[]): string {
  const lines = steps.map((step) => `${[step.command, ...step.args].map(quote).join(" ")} || status=$?`);
  return ["status=0", ...lines, "exit $status"].join("\n");
}

const NOT_STARTED = new Set([126, 127]);

/** The stage's status from its run: a limit, a signal or a command that could not start is `error`. */
export function stageFromRun(
  name: ValidationStage["name"],
  run: SandboxRun,
  display: string,
  failure: string,
): ValidationStage {
  const stage = (status: ValidationStage["status"], detail: string): ValidationStage => ({
    name,
    status,
    detail,
    run: toRecord(run, display),
  });
  if (run.limitHit) return stage("error", `stopped by the ${run.limitHit} limit`);
  if (run.exitCode === null) return stage("error", `killed by ${run.signal ?? "a signal"}`);
  if (NOT_STARTED.has(run.exitCode))
    return stage("error", `the command could not start (exit ${run.exitCode}): see the output`);
  if (run.exitCode !== 0) return stage("failed", `${failure} (exit ${run.exitCode})`);
  return stage("passed", "");
}

/** A sandboxed run as a message carries it: the end of each output. */
export function toRecord(run: SandboxRun, command: string): SandboxRunRecord {
  return {
    command: clipText(command, MAX.text),
    exit_code: run.exitCode,
    signal: run.signal,
    duration_ms: run.durationMs,
    ...(run.limitHit ? { limit_hit: run.limitHit } : {}),
    stdout: tail(run.stdout),
    stderr: tail(run.stderr),
  };
}

function tail(output: SandboxRun["stdout"]): SandboxRunRecord["stdout"] {
  if (output.text.length <= RUN_RECORD_TEXT_MAX) return { text: output.text, truncated: output.truncated };
  let text = output.text.slice(-RUN_RECORD_TEXT_MAX);
  // Never start on the second half of a surrogate pair.
  if (/^[\uDC00-\uDFFF]/.test(text)) text = text.slice(1);
  return { text, truncated: true };
}

/** A stage that did not run. */
export const skipped = (name: ValidationStage["name"], detail: string): ValidationStage => ({
  name,
  status: "skipped",
  detail,
});
