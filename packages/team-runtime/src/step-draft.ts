import {
  ids,
  subjects,
  type ContextRef,
  type MessageOf,
  type ModelChoice,
  type ObjectRef,
  type RatingSummary,
  type StepCoordinates,
  type WorkflowContext,
  type WorkRef,
  type WorkSubject,
} from "@flotilla/contracts";
import type { StepSpec, TeamContext } from "./types.ts";
import type { Worktree } from "./worktree.ts";
import { candidateChecks, type CheckedCandidates } from "./checks.ts";
import type { ReceivedWork } from "./rating.ts";
import { runVote } from "./voting.ts";
import { producerOf } from "./agents.ts";
import { progress, reply } from "./publishing.ts";
import { excerpt } from "./text.ts";
import { gatherContext } from "./step-context.ts";
import type { StepWrites } from "./step-writes.ts";
import { storeAndLearn } from "./step-store.ts";
import { forObservers } from "./observers.ts";
import type { StepInput } from "./step-runner.ts";

/** What the step knows once the work it received is accepted (or there was none). */
export interface Drafting {
  head: StepInput;
  wf: WorkflowContext;
  coords: StepCoordinates;
  what: string;
  started: number;
  received: ReceivedWork[];
  rating?: RatingSummary;
  worktree?: Worktree;
  choices: ModelChoice[];
  taskType: string;
  writes: StepWrites;
  retrieved: Promise<ContextRef[]>;
}

/**
 * Draft, check, vote, store, finish: the step from the author's first candidate to its published
 * result, and the observers told (completion and progress `done`, not waited on).
 */
export async function draftVoteFinish<S extends WorkSubject, Out>(
  ctx: TeamContext,
  spec: StepSpec<S, Out>,
  input: MessageOf<S>,
  d: Drafting,
): Promise<void> {
  const { head, wf, coords, what, started, received, rating, worktree, choices, taskType, writes } = d;
  const gathered = await gatherContext(ctx, wf, d.retrieved, spec.worktree?.codeContext ? worktree : undefined);
  const { knowledge, files } = gathered;
  const context = gathered.citations;
  progress(
    ctx,
    head,
    wf,
    "drafting",
    `${ctx.author.spec.name} (${ctx.author.model.provider}/${ctx.author.model.modelId}) drafts the ${spec.output.name}` +
      `${knowledge.length ? ` with ${knowledge.length} knowledge chunks` : ""}` +
      `${files.length ? ` and ${files.length} repository files` : ""}`,
  );
  const prompt = [
    spec.prompt(
      input,
      received.map((r) => `${r.ref.step} by ${r.ref.produced_by.team}:\n${excerpt(r.content, 6_000)}`).join("\n\n"),
    ),
    gathered.prompt,
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
  const checks: CheckedCandidates<Out> | undefined =
    spec.check && worktree
      ? candidateChecks(ctx, spec.check, input, worktree, async (phase, detail) =>
          progress(ctx, head, wf, phase, detail),
        )
      : undefined;
  let first = { candidate: draft.output, producer: producerOf(ctx.author, draft) };
  if (checks) first = await checks.fixUntilPassing(first, { prompt, call, schema: spec.output });

  const voted = await runVote(ctx, {
    coords,
    taskText: wf.task_description,
    workPrompt: prompt,
    schema: spec.output.schema,
    schemaName: spec.output.name,
    first: { ...first, author: ctx.author },
    onPhase: async (phase, attempt) =>
      progress(ctx, head, wf, phase, `${ctx.team} ${phase} on attempt ${attempt}`, attempt),
    review: checks ? async (candidate) => (await checks.of(candidate)).text : undefined,
    writes,
  });

  const artifact: ObjectRef = { object_store: spec.artifact.store, key: ids.artifactKey(coords, spec.artifact.name) };
  const stored = storeAndLearn(ctx, spec, input, { coords, wf, taskType, voted, checks, received, choices, writes });
  // The artifact goes out beside the chosen candidate's run record and the step's Qdrant writes.
  const [check] = await Promise.all([stored, ctx.bus.objects.put(artifact, JSON.stringify(voted.candidate, null, 2))]);
  progress(
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
    worktree,
    check,
    choices,
  });
  // For observers only: neither waits for the server.
  const completion = {
    ...reply(ctx, head, wf, "completion"),
    team: ctx.team,
    task_id: wf.task_id,
    step: spec.step,
    round: wf.round,
    result_subject: spec.consumes,
    duration_ms: durationMs,
  };
  forObservers(ctx.logger, "completion", { task_id: wf.task_id }, () =>
    ctx.bus.notify(subjects.completion(ctx.team), completion),
  );
  progress(
    ctx,
    head,
    wf,
    "done",
    `${ctx.team} finished ${what}: vote ${voted.summary.outcome} after ${voted.summary.attempts} attempt(s)`,
  );
}
