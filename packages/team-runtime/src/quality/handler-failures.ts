import { cutText, MAX, StepName } from "@flotilla/contracts";
import { failureKindOf, recordFailure } from "../lessons/index.ts";
import type { TeamContext } from "../types.ts";

/** The task and step a handled message is about, when it names them. */
function placeOf(message: unknown): { task_id?: string; step?: StepName; round?: number } {
  if (typeof message !== "object" || message === null) return {};
  const wf: unknown = Reflect.get(message, "workflow");
  const from = typeof wf === "object" && wf !== null ? wf : message;
  const taskId = Reflect.get(from, "task_id");
  const step = StepName.safeParse(Reflect.get(from, "step"));
  const round = Reflect.get(from, "round");
  return {
    ...(typeof taskId === "string" && /^[0-9a-f-]{36}$/.test(taskId) ? { task_id: taskId } : {}),
    ...(step.success ? { step: step.data } : {}),
    ...(typeof round === "number" && Number.isInteger(round) && round > 0 ? { round } : {}),
  };
}

/**
 * Wraps a handler so each failure is classified (transient, dependency, permanent) into
 * `failure_analytics` (SPEC §10) before the bus decides on a retry or the DLQ. Recording never
 * changes the outcome: the error is rethrown as it was.
 */
export function recordingFailures(ctx: Pick<TeamContext, "team" | "knowledge" | "logger">) {
  return <M>(handler: (message: M) => Promise<void>) =>
    async (message: M): Promise<void> => {
      try {
        await handler(message);
      } catch (err) {
        await recordFailure(ctx, {
          failure_kind: failureKindOf(err),
          what: "handler",
          team: ctx.team,
          ...placeOf(message),
          reason: cutText(err instanceof Error ? err.message : String(err), MAX.text),
        });
        throw err;
      }
    };
}
