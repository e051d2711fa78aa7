import {
  type Envelope,
  type WorkflowContext,
  type ContextRef,
  type MessageOf,
  type ModelChoice,
  type ObjectRef,
  type Producer,
  type RatingSummary,
  type StepCoordinates,
  type VoteSummary,
  type WorkRef,
  type WorkSubject,
} from "@flotilla/contracts";
import type { CheckResult, StepSpec, TeamContext } from "./types.ts";
import { openWorktree, type Worktree } from "./worktree.ts";
import { taskEnded } from "./ended.ts";
import { rateReceived, type ReceivedWork } from "./rating.ts";
import { progress } from "./publishing.ts";
import { retrieveForStep } from "./step-context.ts";
import { chooseStepModels } from "./quality/model-selection.ts";
import { returnWork } from "./returned-work.ts";
import { stepWrites } from "./step-writes.ts";
import { draftVoteFinish } from "./step-draft.ts";

export interface StepResult<Out> {
  output: Out;
  coords: StepCoordinates;
  workflow: WorkflowContext;
  artifact: ObjectRef;
  /** This step's work, as the next team will receive it. */
  work: WorkRef;
  vote: VoteSummary;
  rating?: RatingSummary;
  producer: Producer;
  durationMs: number;
  /** Knowledge retrieved for this step and cited in the prompt (repository files included). */
  context: ContextRef[];
  /** The step's clone of the task's repository (disposed after `finish`). */
  worktree?: Worktree;
  /** The chosen candidate's run (its clone holds that candidate), and where the record is stored. */
  check?: CheckResult & { location: ObjectRef };
  /** Which model served each agent, and why (MODEL_SELECTION_STRATEGY). */
  choices: ModelChoice[];
}

/** What every work request carries (the catalogue's schemas say so): its headers and workflow context. */
export type StepInput = Pick<Envelope, "message_id" | "correlation_id" | "trace_id"> & { workflow: WorkflowContext };

/**
 * The bus validated the message against its subject's schema: when it has a workflow context,
 * that context is a valid one, so it is checked for, not parsed again (this runs on every step).
 */
function stepInput(input: object): StepInput {
  const workflow: unknown = Reflect.get(input, "workflow");
  if (typeof workflow !== "object" || workflow === null)
    throw new Error("a step was handed a message without a workflow context");
  return input as StepInput;
}

/** Where a step sits, as ids and artifact keys see it. */
export const coordsOf = (team: string, wf: WorkflowContext): StepCoordinates => ({
  taskId: wf.task_id,
  team,
  step: wf.step,
  round: wf.round,
  packet: wf.packet_id,
});

/**
 * One workflow step of a team, the same for every team: rate what was received (and send it
 * back when rejected), draft, vote, store the artifact, then let the team publish its results.
 * Every effect but progress is awaited, so the caller acks the message only once they are durable;
 * what does not depend on another goes out side by side.
 */
export async function runStep<S extends WorkSubject, Out>(
  teamCtx: TeamContext,
  spec: StepSpec<S, Out>,
  input: MessageOf<S>,
): Promise<void> {
  const started = performance.now();
  const head = stepInput(input);
  const wf = head.workflow;
  const coords = coordsOf(teamCtx.team, wf);
  const what = `${spec.step}${wf.packet_id ? ` ${wf.packet_id}` : ""} (round ${wf.round})`;
  // Whether the task ended, the models of the step and the work received: three reads at once.
  const [ended, models, received] = await Promise.all([
    taskEnded(teamCtx, wf.task_id),
    chooseStepModels(teamCtx, wf),
    Promise.all(
      wf.received_work.map(async (ref): Promise<ReceivedWork> => ({
        ref,
        content: await teamCtx.bus.objects.getJson(ref.artifact),
      })),
    ),
  ]);
  if (ended) {
    teamCtx.logger.info(
      { task_id: wf.task_id, step: spec.step, packet: wf.packet_id },
      `task ${ended}: ${what} not run`,
    );
    return;
  }
  // From here on every agent is served by the model chosen for this step.
  const { ctx, choices, taskType } = models;
  progress(ctx, head, wf, "received", `${ctx.team} received ${what}`);
  const writes = stepWrites(ctx);
  // Reads the draft needs, started now so they overlap the rating: knowledge, lessons, upstream work.
  const retrieved = retrieveForStep(ctx, wf, spec.step);
  const upstream = spec.worktree?.upstream(ctx, input);
  // Awaited below, unless the work goes back (or the rating fails) first.
  for (const read of [retrieved, upstream]) read?.catch(() => undefined);

  let rating: RatingSummary | undefined;
  if (received.length) {
    progress(
      ctx,
      head,
      wf,
      "rating",
      `${ctx.team} rates the work of ${received.map((r) => r.ref.produced_by.team).join(", ")}`,
    );
    rating = await rateReceived(ctx, coords, wf.task_description, received, taskType, writes);
    if (rating && !rating.approved && wf.may_return) {
      await returnWork(ctx, head, wf, coords, taskType, rating, received[0]!.ref, writes);
      return;
    }
  }

  const worktree = upstream ? await openWorktree(ctx, wf, await upstream) : undefined;
  try {
    await draftVoteFinish(ctx, spec, input, {
      head,
      wf,
      coords,
      what,
      started,
      received,
      rating,
      worktree,
      choices,
      taskType,
      writes,
      retrieved,
    });
  } finally {
    await worktree?.dispose();
  }
}
