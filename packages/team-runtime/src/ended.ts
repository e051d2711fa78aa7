import type { TeamContext } from "./types.ts";

/**
 * Whether leadership has ended the task (completed or failed): a step of an ended task never
 * runs again, whatever re-delivers its request. Unreadable state counts as running: leadership's
 * own guard still drops the step's results.
 */
export async function taskEnded(ctx: TeamContext, taskId: string): Promise<string | undefined> {
  const state = await ctx.bus.getJson<{ status?: string }>("workflow_state", taskId).catch((err: unknown) => {
    ctx.logger.warn({ err, task_id: taskId }, "workflow state unreadable; the step runs");
    return undefined;
  });
  return state?.status === "completed" || state?.status === "failed" ? state.status : undefined;
}
