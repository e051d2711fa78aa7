import type { TeamContext } from "./types.ts";

/**
 * Whether leadership has ended the task (completed or failed) and announced it: a step of such a
 * task never runs again, whatever re-delivers its request. A task ended but not yet announced
 * (leadership died in between) still runs its step, so the re-delivered step that ended it can
 * publish the outcome it recorded. Unreadable state counts as running: leadership's own guard
 * still drops the step's results.
 */
export async function taskEnded(ctx: TeamContext, taskId: string): Promise<string | undefined> {
  const state = await ctx.bus
    .getJson<{ status?: string; outcome_published?: boolean }>("workflow_state", taskId)
    .catch((err: unknown) => {
      ctx.logger.warn({ err, task_id: taskId }, "workflow state unreadable; the step runs");
      return undefined;
    });
  const ended = state?.status === "completed" || state?.status === "failed";
  return ended && state?.outcome_published ? state.status : undefined;
}
