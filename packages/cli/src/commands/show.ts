import { outcomeRef, renderOutcome, TaskCompleted, TaskFailed } from "@flotilla/contracts";
import { diffOf } from "@flotilla/repo";
import { cliBus } from "../connect.ts";
import { note, out } from "../say.ts";

/**
 * `flotilla show TASK [--diff]`: the ended task's outcome as leadership kept it (branch, commit,
 * diff stat, verification, votes), and with --diff the unified diff of its branch against the base.
 */
export async function runShow(taskId: string, opts: { diff?: boolean }): Promise<number> {
  const bus = await cliBus();
  let raw: unknown;
  try {
    raw = await bus.objects.getJson(outcomeRef(taskId));
  } finally {
    await bus.close();
  }
  if (!raw) {
    note(`no outcome for task ${taskId}: it is still running, or it is not a task of this fleet (check the id)`);
    return 1;
  }
  const outcome =
    (raw as { status?: string }).status === "completed" ? TaskCompleted.parse(raw) : TaskFailed.parse(raw);
  if (!opts.diff) {
    out(renderOutcome(outcome));
    return 0;
  }
  const repo = outcome.repository;
  if (!repo?.delivered) {
    note(
      `task ${taskId} has no branch to diff: ${repo ? "its health check failed and the branch was removed" : "no deploy ran"}`,
    );
    return 1;
  }
  out(await diffOf(repo.path, repo.base_commit, repo.commit));
  return 0;
}
