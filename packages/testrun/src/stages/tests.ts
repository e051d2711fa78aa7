import { cutText, type TestRunResult, type ValidationStage } from "@flotilla/contracts";
import { detectTestCommand } from "../detect.ts";
import { NO_COMMAND, runTestCommand } from "../execute.ts";
import { skipped, toRecord, type StageContext } from "./steps.ts";

const STATUS: Record<TestRunResult["verdict"], ValidationStage["status"]> = {
  pass: "passed",
  fail: "failed",
  error: "error",
  unverified: "unverified",
};

/** The repository's tests, detected and run as runTestsIn runs them; no test command: skipped. */
export async function testsStage(ctx: StageContext, testCommand: string | undefined): Promise<ValidationStage> {
  const command = detectTestCommand(ctx.dir, { testCommand, nodePath: ctx.toolchain.nodePath });
  if (!command) return skipped("tests", NO_COMMAND);
  const { result, run } = await runTestCommand(ctx.dir, command, ctx.toolchain, ctx);
  const counts = `${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped of ${result.total}`;
  const failing = result.failing.length ? `; failing: ${result.failing.map((test) => test.name).join(", ")}` : "";
  return {
    name: "tests",
    status: STATUS[result.verdict],
    detail: result.message ? `${result.message} (${counts})` : cutText(`${counts}${failing}`, 500),
    run: toRecord(run, command.display),
    tests: result,
  };
}
