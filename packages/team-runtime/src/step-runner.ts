import {
  ids, subjects, type ContextRef, type Envelope, type ObjectRef, type Producer, type RatingSummary, type StepCoordinates,
  type VoteSummary, type WorkflowContext, type WorkRef,
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

/**
 * One workflow step of a team, the same for every team: rate what was received (and send it
 * back when rejected), draft, vote, store the artifact, then let the team publish its results.
 * Every effect is awaited, so the caller acks the message only once they are durable.
 */
export async function runStep<In extends Partial<Envelope>>(ctx: TeamContext, spec: StepSpec<In>, input: In): Promise<void> {
  const started = performance.now();
  const wf = spec.workflow(input, ctx);
  const coords: StepCoordinates = { taskId: wf.task_id, team: ctx.team, step: spec.step, round: wf.round };
  await spec.begin?.(ctx, input, wf);
  await progress(ctx, input, wf, "received", `${ctx.team} received ${spec.step} (round ${wf.round})`);

  const received: ReceivedWork[] = await Promise.all(wf.received_work.map(async (ref) => ({ ref, content: await ctx.bus.objects.getJson(ref.artifact) })));
  let rating: RatingSummary | undefined;
  if (received.length) {
    await progress(ctx, input, wf, "rating", `${ctx.team} rates the work of ${received.map((r) => r.ref.produced_by.team).join(", ")}`);
    rating = await rateReceived(ctx, coords, wf.task_description, received);
    if (rating && !rating.approved && wf.may_return) {
      await sendBack(ctx, input, wf, rating, received[0]!.ref);
      return;
    }
  }

  const context = await retrieveContext(ctx, `${wf.task_description}\n${spec.step}`, wf.task_id);
  await progress(ctx, input, wf, "drafting", `${ctx.author.spec.name} drafts the ${spec.output.name}${context.length ? ` with ${context.length} knowledge chunks` : ""}`);
  const prompt = [
    spec.prompt(input, received.map((r) => `${r.ref.step} by ${r.ref.produced_by.team}:\n${excerpt(r.content, 6_000)}`).join("\n\n")),
    contextPrompt(context),
  ].filter(Boolean).join("\n\n");
  const call = { step: spec.step, taskId: wf.task_id, taskText: wf.task_description, round: wf.round };
  const draft = await ctx.author.ask({ schema: spec.output.schema, schemaName: spec.output.name, prompt, context: { ...call, kind: "draft", attempt: 1 } });
  const voted = await runVote(ctx, {
    coords, taskText: wf.task_description, workPrompt: prompt, schema: spec.output.schema, schemaName: spec.output.name,
    first: { candidate: draft.output, author: ctx.author, producer: producerOf(ctx.author, draft) },
    onPhase: (phase, attempt) => progress(ctx, input, wf, phase, `${ctx.team} ${phase} on attempt ${attempt}`, attempt),
  });

  const artifact: ObjectRef = { object_store: spec.artifact.store, key: ids.artifactKey(coords, spec.artifact.name) };
  await ctx.bus.objects.put(artifact, JSON.stringify(voted.candidate, null, 2));
  await progress(ctx, input, wf, "stored", `${ctx.team} stored ${artifact.object_store}/${artifact.key} (${voted.summary.outcome})`);

  const work: WorkRef = { step: spec.step, round: wf.round, artifact, produced_by: voted.producer };
  const durationMs = performance.now() - started;
  await spec.finish(ctx, input, { output: voted.candidate, coords, workflow: wf, artifact, work, vote: voted.summary, rating, producer: voted.producer, durationMs, context });
  await ctx.bus.publish(subjects.completion(ctx.team), {
    ...reply(ctx, input, wf.task_id, spec.step, wf.round, "completion"),
    team: ctx.team, task_id: wf.task_id, step: spec.step, round: wf.round, result_subject: spec.consumes, duration_ms: durationMs,
  });
  await progress(ctx, input, wf, "done", `${ctx.team} finished ${spec.step}: vote ${voted.summary.outcome} after ${voted.summary.attempts} attempt(s)`);
}

async function sendBack(ctx: TeamContext, input: Partial<Envelope>, wf: WorkflowContext, rating: RatingSummary, ref: WorkRef): Promise<void> {
  await ctx.bus.publish(subjects.feedback(ctx.team), {
    ...reply(ctx, input, wf.task_id, wf.step, wf.round, "feedback"),
    task_id: wf.task_id, from_team: ctx.team, to_team: ref.produced_by.team, redo_step: ref.step, rating, workflow: wf,
  });
  await progress(ctx, input, wf, "returned", `${ctx.team} sent the ${ref.step} work back to ${ref.produced_by.team} (overall ${rating.overall})`);
}
