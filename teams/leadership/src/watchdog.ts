import type { ServiceStarter, TeamContext } from "@flotilla/team-runtime";
import { perform } from "./effects.ts";
import { listStates } from "./state.ts";
import { resurrected } from "./outside-transitions.ts";

/**
 * Resumes running tasks that nothing moved forward for TASK_STALL_TIMEOUT_MS (a request lost
 * between processes, a result that never came): the work in flight is sent again from the
 * task's state. A task waiting for a person is not stalled. Every leadership instance runs it;
 * the resurrection is keyed on the stalled state, so a task is resumed once.
 */
export const watchdog: ServiceStarter = async (ctx) => {
  const timeout = ctx.config.TASK_STALL_TIMEOUT_MS;
  const timer = setInterval(() => void sweep(ctx, timeout), Math.min(60_000, Math.max(500, timeout / 4)));
  timer.unref();
  return { stop: async () => clearInterval(timer) };
};

async function sweep(ctx: TeamContext, timeout: number): Promise<void> {
  try {
    const stalled = (await listStates(ctx.bus)).filter(
      (s) =>
        s.status === "running" &&
        Date.now() - Date.parse(s.updated_at) > timeout &&
        !s.approvals.some((a) => a.status === "pending"),
    );
    for (const s of stalled) {
      ctx.logger.warn({ task_id: s.task_id, since: s.updated_at, step: s.current_step }, "task stalled; resuming it");
      const { state, effects } = await resurrected(ctx, s);
      await perform(ctx, state, effects);
    }
  } catch (err) {
    ctx.logger.warn({ err: (err as Error).message }, "watchdog sweep failed; next sweep retries");
  }
}
