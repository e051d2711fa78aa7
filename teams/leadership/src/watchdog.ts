import type { ServiceStarter, TeamContext } from "@flotilla/team-runtime";
import { inMessageContext } from "@flotilla/tracing";
import { perform } from "./effects.ts";
import { listStates, type WorkflowState } from "./state.ts";
import { resurrected } from "./outside-transitions.ts";

/**
 * Resumes running tasks that nothing moved forward for TASK_STALL_TIMEOUT_MS (a request lost
 * between processes, a result that never came): the work in flight is sent again from the
 * task's state. A task waiting for a person is not stalled. Every leadership instance runs it;
 * the resurrection is keyed on the stalled state, so a task is resumed once. It also publishes the
 * outcome of a task that ended without it.
 */
export const watchdog: ServiceStarter = async (ctx) => {
  const timeout = ctx.config.TASK_STALL_TIMEOUT_MS;
  const timer = setInterval(() => void sweep(ctx, timeout), Math.min(60_000, Math.max(500, timeout / 4)));
  timer.unref();
  return { stop: async () => clearInterval(timer) };
};

async function sweep(ctx: TeamContext, timeout: number): Promise<void> {
  try {
    const states = await listStates(ctx.bus);
    const stalled = states.filter(
      (s) =>
        s.status === "running" &&
        Date.now() - Date.parse(s.updated_at) > timeout &&
        !s.approvals.some((a) => a.status === "pending"),
    );
    // Ended, but its outcome never went out (leadership died in between, and nothing re-delivered
    // the message that ended it): publish it now, once.
    const unannounced = states.filter(
      (s) => s.status !== "running" && !s.outcome_published && Date.now() - Date.parse(s.updated_at) > timeout,
    );
    for (const s of unannounced) {
      await inTaskTrace(s, "publish outcome", async () => {
        ctx.logger.warn(
          { task_id: s.task_id, status: s.status },
          "task ended without its outcome published; publishing it",
        );
        await perform(ctx, s, [{ kind: "outcome" }]);
      });
    }
    for (const s of stalled) {
      await inTaskTrace(s, "resurrect", async () => {
        ctx.logger.warn({ task_id: s.task_id, since: s.updated_at, step: s.current_step }, "task stalled; resuming it");
        const { state, effects } = await resurrected(ctx, s);
        await perform(ctx, state, effects);
      });
    }
  } catch (err) {
    ctx.logger.warn({ err: (err as Error).message }, "watchdog sweep failed; next sweep retries");
  }
}

/** The watchdog's work on a task runs in the task's trace: its log lines and span belong to it. */
const inTaskTrace = (s: WorkflowState, what: string, fn: () => Promise<void>) =>
  inMessageContext(
    { traceId: s.trace_id ?? s.task_id, taskId: s.task_id },
    { name: `leadership watchdog ${what}`, kind: "internal" },
    fn,
  );
