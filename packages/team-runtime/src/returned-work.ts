import {
  subjects,
  type RatingSummary,
  type StepCoordinates,
  type WorkflowContext,
  type WorkRef,
} from "@flotilla/contracts";
import type { TeamContext } from "./types.ts";
import { progress, reply } from "./publishing.ts";
import { recordFailure } from "./lessons/index.ts";
import type { StepInput } from "./step-runner.ts";
import type { StepWrites } from "./step-writes.ts";

/**
 * The receiving team rejected the work: its producers redo it (feedback), and it counts as their
 * failure. The step's ratings and that failure are written before the feedback goes out.
 */
export async function returnWork(
  ctx: TeamContext,
  input: StepInput,
  wf: WorkflowContext,
  coords: StepCoordinates,
  taskType: string,
  rating: RatingSummary,
  ref: WorkRef,
  writes: StepWrites,
): Promise<void> {
  await recordRejection(ctx, coords, taskType, rating, ref, writes);
  await writes.flush();
  await sendBack(ctx, input, wf, rating, ref);
}

async function sendBack(
  ctx: TeamContext,
  input: StepInput,
  wf: WorkflowContext,
  rating: RatingSummary,
  ref: WorkRef,
): Promise<void> {
  await ctx.bus.publish(subjects.feedback(ctx.team), {
    ...reply(ctx, input, wf, "feedback"),
    task_id: wf.task_id,
    from_team: ctx.team,
    to_team: ref.produced_by.team,
    redo_step: ref.step,
    rating,
    workflow: wf,
  });
  progress(
    ctx,
    input,
    wf,
    "returned",
    `${ctx.team} sent the ${ref.step} work back to ${ref.produced_by.team} (overall ${rating.overall})`,
  );
}

/** Work the team rejected is an agent failure of its producer (failure_analytics). */
async function recordRejection(
  ctx: TeamContext,
  coords: StepCoordinates,
  taskType: string,
  rating: RatingSummary,
  ref: WorkRef,
  writes: StepWrites,
): Promise<void> {
  const p = ref.produced_by;
  await recordFailure(
    ctx,
    {
      failure_kind: "agent",
      what: "rejected",
      team: p.team,
      agent: p.agent,
      provider: p.provider,
      model: p.model,
      task_id: coords.taskId,
      step: ref.step,
      round: ref.round,
      task_type: taskType,
      reason: `${rating.from_team} rated it ${rating.overall}: ${rating.feedback.join(" ") || "rejected"}`,
    },
    writes,
  );
}
