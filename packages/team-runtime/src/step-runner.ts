import { type z } from "zod";
import {
  Envelope,
  ids,
  subjects,
  WorkflowContext,
  type ContextRef,
  type MessageOf,
  type ObjectRef,
  type Producer,
  type RatingSummary,
  type StepCoordinates,
  type VoteSummary,
  type WorkRef,
  type WorkSubject,
} from "@flotilla/contracts";
import type { StepSpec, TeamContext } from "./types.ts";
import { rateReceived, type ReceivedWork } from "./rating.ts";
import { runVote } from "./voting.ts";
import { producerOf } from "./agents.ts";
import { progress, reply } from "./publishing.ts";
import { excerpt } from "./text.ts";
import { contextPrompt, retrieveContext } from "./retrieval.ts";

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
  /** Knowledge retrieved for this step and cited in the prompt. */
  context: ContextRef[];
}

/** What every work request carries (the catalogue's schemas say so): its headers and workflow context. */
const StepInput = Envelope.pick({ message_id: true, correlation_id: true, trace_id: true }).extend({
  workflow: WorkflowContext,
});
type StepInput = z.infer<typeof StepInput>;

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
 * Every effect is awaited, so the caller acks the message only once they are durable.
 */
export async function runStep<S extends WorkSubject, Out>(
  ctx: TeamContext,
  spec: StepSpec<S, Out>,
  input: MessageOf<S>,
): Promise<void> {
  const started = performance.now();
  const head: StepInput = StepInput.parse(input);
  const wf = head.workflow;
  const coords = coordsOf(ctx.team, wf);
  const what = `${spec.step}${wf.packet_id ? ` ${wf.packet_id}` : ""} (round ${wf.round})`;
  await progress(ctx, head, wf, "received", `${ctx.team} received ${what}`);

  const received: ReceivedWork[] = await Promise.all(
    wf.received_work.map(async (ref) => ({ ref, content: await ctx.bus.objects.getJson(ref.artifact) })),
  );
  let rating: RatingSummary | undefined;
  if (received.length) {
    await progress(
      ctx,
      head,
      wf,
      "rating",
      `${ctx.team} rates the work of ${received.map((r) => r.ref.produced_by.team).join(", ")}`,
    );
    rating = await rateReceived(ctx, coords, wf.task_description, received);
    if (rating && !rating.approved && wf.may_return) {
      await sendBack(ctx, head, wf, rating, received[0]!.ref);
      return;
    }
  }

  const context = await retrieveContext(ctx, `${wf.task_description}\n${spec.step}`, wf.task_id);
  await progress(
    ctx,
    head,
    wf,
    "drafting",
    `${ctx.author.spec.name} drafts the ${spec.output.name}${context.length ? ` with ${context.length} knowledge chunks` : ""}`,
  );
  const prompt = [
    spec.prompt(
      input,
      received.map((r) => `${r.ref.step} by ${r.ref.produced_by.team}:\n${excerpt(r.content, 6_000)}`).join("\n\n"),
    ),
    contextPrompt(context),
  ]
    .filter(Boolean)
    .join("\n\n");
  const call = {
    step: spec.step,
    taskId: wf.task_id,
    taskText: wf.task_description,
    round: wf.round,
    packet: wf.packet_id,
  };
  const draft = await ctx.author.ask({
    schema: spec.output.schema,
    schemaName: spec.output.name,
    prompt,
    context: { ...call, kind: "draft", attempt: 1 },
  });
  const voted = await runVote(ctx, {
    coords,
    taskText: wf.task_description,
    workPrompt: prompt,
    schema: spec.output.schema,
    schemaName: spec.output.name,
    first: { candidate: draft.output, author: ctx.author, producer: producerOf(ctx.author, draft) },
    onPhase: (phase, attempt) => progress(ctx, head, wf, phase, `${ctx.team} ${phase} on attempt ${attempt}`, attempt),
  });

  const artifact: ObjectRef = { object_store: spec.artifact.store, key: ids.artifactKey(coords, spec.artifact.name) };
  await ctx.bus.objects.put(artifact, JSON.stringify(voted.candidate, null, 2));
  await progress(
    ctx,
    head,
    wf,
    "stored",
    `${ctx.team} stored ${artifact.object_store}/${artifact.key} (${voted.summary.outcome})`,
  );

  const work: WorkRef = {
    step: spec.step,
    packet_id: wf.packet_id,
    round: wf.round,
    artifact,
    produced_by: voted.producer,
  };
  const durationMs = performance.now() - started;
  await spec.finish(ctx, input, {
    output: voted.candidate,
    coords,
    workflow: wf,
    artifact,
    work,
    vote: voted.summary,
    rating,
    producer: voted.producer,
    durationMs,
    context,
  });
  await ctx.bus.publish(subjects.completion(ctx.team), {
    ...reply(ctx, head, wf, "completion"),
    team: ctx.team,
    task_id: wf.task_id,
    step: spec.step,
    round: wf.round,
    result_subject: spec.consumes,
    duration_ms: durationMs,
  });
  await progress(
    ctx,
    head,
    wf,
    "done",
    `${ctx.team} finished ${what}: vote ${voted.summary.outcome} after ${voted.summary.attempts} attempt(s)`,
  );
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
  await progress(
    ctx,
    input,
    wf,
    "returned",
    `${ctx.team} sent the ${ref.step} work back to ${ref.produced_by.team} (overall ${rating.overall})`,
  );
}
