import { applyChangeSet, ChangeSetRejectedError } from "@flotilla/repo";
import { formatValidation, validateWorktree } from "@flotilla/testrun";
import type { CodeBundle, ValidationReport } from "@flotilla/contracts";
import type { CheckResult, TeamContext, Worktree } from "@flotilla/team-runtime";

/**
 * Development's check of a candidate: the change set is validated and applied in the step's
 * clone (a bad path or a patch that does not apply is a failure with the reason, and nothing is
 * written), then the validation pipeline runs in the sandbox. Without a sandbox nothing runs and
 * the candidate goes to the vote as unverified.
 */
export async function validateCandidate(ctx: TeamContext, code: CodeBundle, worktree: Worktree): Promise<CheckResult> {
  try {
    await applyChangeSet(worktree.dir, { changes: code.changes });
  } catch (error) {
    if (!(error instanceof ChangeSetRejectedError)) throw error;
    const record: ValidationReport = {
      verdict: "fail",
      duration_ms: 0,
      stages: [{ name: "apply", status: "failed", detail: error.message }],
    };
    return { passed: false, text: `The change set was refused before anything was written: ${error.message}`, record };
  }
  const report = await validateWorktree(worktree.dir, {
    changedPaths: code.changes.map((c) => c.path),
    testCommand: ctx.config.FLOTILLA_TEST_COMMAND || undefined,
    mode: ctx.config.FLOTILLA_SANDBOX,
  });
  return { passed: report.verdict !== "fail", text: formatValidation(report), record: report };
}
