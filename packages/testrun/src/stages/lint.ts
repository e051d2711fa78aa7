import type { ValidationStage } from "@flotilla/contracts";
import { flotillaCommand, packageScript } from "../project.ts";
import { runSteps, skipped, stageFromRun, type StageContext } from "./steps.ts";

/** The repository's own linter: `.flotilla.json` `{ "lint": "…" }`, else package.json `scripts.lint`, in `sh -c`. */
export async function lintStage(ctx: StageContext): Promise<ValidationStage> {
  const line = flotillaCommand(ctx.dir, "lint") ?? packageScript(ctx.dir, "lint");
  if (!line?.trim())
    return skipped("lint", 'no lint command: .flotilla.json has no "lint" and package.json no scripts.lint');
  const { run, display } = await runSteps(ctx, [{ display: line.trim(), command: "/bin/sh", args: ["-c", line] }]);
  return stageFromRun("lint", run, display, "lint errors");
}
