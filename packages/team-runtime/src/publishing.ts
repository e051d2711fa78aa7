import {
  clipText,
  envelope,
  ids,
  MAX,
  STEPS,
  type Envelope,
  type StepName,
  type TaskProgress,
  type WorkflowContext,
} from "@flotilla/contracts";
import { currentTraceId } from "@flotilla/tracing";
import type { TeamContext } from "./types.ts";
import type { StepResult } from "./step-runner.ts";
import { forObservers } from "./observers.ts";

/** Where a message sits in its task: what its deterministic id is made of. */
export type StepPlace = Pick<WorkflowContext, "task_id" | "step" | "round" | "packet_id">;

/**
 * Headers of a message caused by `cause`: same correlation and trace (the one it is handled in
 * when it names none), and a message id derived from what it is, so a re-publish after a crash is
 * de-duplicated by JetStream.
 */
export function reply(ctx: TeamContext, cause: Partial<Envelope>, wf: StepPlace, kind: string) {
  return envelope({
    sender: { team: ctx.team, agent: ctx.author.spec.name, instance_id: ctx.instanceId },
    message_id: ids.message(wf.task_id, ctx.team, wf.packet_id ?? "-", wf.step, wf.round, kind),
    correlation_id: cause.correlation_id ?? cause.message_id,
    parent_task_id: wf.task_id,
    trace_id: cause.trace_id ?? currentTraceId(),
  });
}

export function stepProgress(step: StepName, done: boolean): number {
  return Math.min(1, (STEPS.indexOf(step) + (done ? 1 : 0)) / STEPS.length);
}

/**
 * Live progress for people: system.task.progress and metrics.workflow.progress. Best effort, so
 * sent after the current turn and without waiting for the server's ack (nobody waits on it, and
 * losing one costs nothing): it never holds up the step it reports on.
 */
export function progress(
  ctx: TeamContext,
  cause: Partial<Envelope>,
  wf: StepPlace,
  phase: TaskProgress["phase"],
  detail: string,
  attempt?: number,
): void {
  const message = {
    ...envelope({
      sender: { team: ctx.team, agent: ctx.author.spec.name, instance_id: ctx.instanceId },
      correlation_id: cause.correlation_id,
      parent_task_id: wf.task_id,
      trace_id: cause.trace_id ?? currentTraceId(),
    }),
    task_id: wf.task_id,
    team: ctx.team,
    step: wf.step,
    packet_id: wf.packet_id,
    phase,
    detail: clipText(detail, MAX.text),
    attempt,
    round: wf.round,
    progress: stepProgress(wf.step, phase === "done"),
  };
  forObservers(ctx.logger, "progress", { task_id: wf.task_id }, () => {
    ctx.bus.notify("system.task.progress", message);
    ctx.bus.notify("metrics.workflow.progress", message);
  });
}

/** The fields every team result carries (contracts `resultFields`), from the step that made it. */
export function resultOf(
  r: Pick<StepResult<unknown>, "workflow" | "producer" | "vote" | "rating" | "context" | "choices">,
) {
  return {
    model_choices: r.choices,
    task_id: r.workflow.task_id,
    produced_by: r.producer,
    vote: r.vote,
    workflow: r.workflow,
    received_rating: r.rating,
    context: r.context,
  };
}
