import { type z } from "zod";
import {
  Envelope,
  ids,
  subjects,
  WorkflowContext,
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
import { candidateChecks, type CheckedCandidates } from "./checks.ts";
import { taskEnded } from "./ended.ts";
import { rateReceived, type ReceivedWork } from "./rating.ts";
import { runVote } from "./voting.ts";
import { producerOf } from "./agents.ts";
import { progress, reply } from "./publishing.ts";
import { excerpt } from "./text.ts";
import { gatherContext } from "./step-context.ts";
import { chooseStepModels } from "./quality/model-selection.ts";
import { learnFromStep } from "./quality/learn.ts";
import { returnWork } from "./returned-work.ts";
import { summaryOf } from "./records.ts";

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
const StepInput = Envelope.pick({ message_id: true, correlation_id: true, trace_id: true }).extend({
  workflow: WorkflowContext,
});
export type StepInput = z.infer<typeof StepInput>;

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
  teamCtx: TeamContext,
  spec: StepSpec<S, Out>,
  input: MessageOf<S>,
): Promise<void> {
  const started = performance.now();
  const head: StepInput = StepInput.parse(input);
  const wf = head.workflow;
  const coords = coordsOf(teamCtx.team, wf);
  const what = `${spec.step}${wf.packet_id ? ` ${wf.packet_id}` : ""} (round ${wf.round})`;
  const ended = await taskEnded(teamCtx, wf.task_id);
  if (ended) {
    teamCtx.logger.info(
      { task_id: wf.task_id, step: spec.step, packet: wf.packet_id },
      `task ${ended}: ${what} not run`,
    );
    return;
  }
  // From here on every agent is served by the model chosen for this step.
  const { ctx, choices, taskType } = await chooseStepModels(teamCtx, wf);
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
    rating = await rateReceived(ctx, coords, wf.task_description, received, taskType);
    if (rating && !rating.approved && wf.may_return) {
      await returnWork(ctx, head, wf, coords, taskType, rating, received[0]!.ref);
      return;
    }
  }

  const upstream = spec.worktree ? await spec.worktree.upstream(ctx, input) : undefined;
  const worktree = upstream ? await openWorktree(ctx, wf, upstream) : undefined;
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
    });
  } finally {
    await worktree?.dispose();
  }
}

interface Drafting {
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
}

async function draftVoteFinish<S extends WorkSubject, Out>(
  ctx: TeamContext,
  spec: StepSpec<S, Out>,
  input: MessageOf<S>,
  d: Drafting,
): Promise<void> {
  const { head, wf, coords, what, started, received, rating, worktree, choices, taskType } = d;
  const gathered = await gatherContext(ctx, wf, spec.step, spec.worktree?.codeContext ? worktree : undefined);
  const { knowledge, files } = gathered;
  const context = gathered.citations;
  await progress(
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
      ? candidateChecks(ctx, spec.check, input, worktree, (phase, detail) => progress(ctx, head, wf, phase, detail))
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
    onPhase: (phase, attempt) => progress(ctx, head, wf, phase, `${ctx.team} ${phase} on attempt ${attempt}`, attempt),
    review: checks ? async (candidate) => (await checks.of(candidate)).text : undefined,
  });

  const artifact: ObjectRef = { object_store: spec.artifact.store, key: ids.artifactKey(coords, spec.artifact.name) };
  await ctx.bus.objects.put(artifact, JSON.stringify(voted.candidate, null, 2));
  let check: StepResult<Out>["check"];
  if (checks && spec.check) {
    // The clone must hold the chosen candidate when `finish` runs (QA reads its run, devops its tree).
    const result = await checks.ensureApplied(voted.candidate);
    const location: ObjectRef = { object_store: "test_artifacts", key: ids.artifactKey(coords, spec.check.artifact) };
    await ctx.bus.objects.put(location, JSON.stringify(result.record, null, 2));
    check = { ...result, location };
  }
  await learnFromStep(ctx, {
    coords,
    wf,
    taskType,
    producer: voted.producer,
    voted,
    measurement:
      check && spec.check?.measure?.(check, { input, candidate: voted.candidate, fixes: checks?.fixes.length ?? 0 }),
    received: received[0]?.ref,
    fixes: checks?.fixes ?? [],
    passedAfterFixes: check?.passed ?? true,
    finalSummary: summaryOf(voted.candidate),
    choices,
  });
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
    worktree,
    check,
    choices,
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
