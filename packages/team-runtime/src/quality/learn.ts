import type { ModelChoice, Producer, StepCoordinates, StepName, WorkflowContext, WorkRef } from "@flotilla/contracts";
import { taskKindOf } from "@flotilla/quality";
import type { TeamContext } from "../types.ts";
import type { VoteResult } from "../voting.ts";
import { lessonsFromStep, recordFailure, writeLesson } from "../lessons/index.ts";
import { stepQualityPoints, type Measurement } from "./quality-records.ts";
import type { StepWrites } from "../step-writes.ts";

export interface StepOutcome {
  coords: StepCoordinates;
  wf: WorkflowContext;
  taskType: string;
  producer: Producer;
  voted: Pick<VoteResult<unknown>, "summary" | "attempts">;
  measurement?: Measurement;
  /** The work this step received (QA's tests measure development's code). */
  received?: WorkRef;
  /** The failed runs the author was sent back with, and whether the chosen candidate then passed. */
  fixes: Array<{ failure: string }>;
  passedAfterFixes: boolean;
  finalSummary: string;
  choices: ModelChoice[];
}

/** Bug reports carry the test run's output (leadership's workflow table words it so). */
const FROM_BUGS = /^The test run's output:/;

/**
 * What the fleet learns from a finished step, written before its message is acked: quality
 * records (usage, vote, the sandbox's figures), classified agent failures, and lessons when
 * something went wrong and was (or was not) fixed. The records join the step's `writes` (its
 * ballots and ratings), which go out now, one upsert per collection, beside the lessons.
 */
export async function learnFromStep(ctx: TeamContext, o: StepOutcome, writes: StepWrites): Promise<void> {
  const { coords, wf, taskType, producer } = o;
  writes.add(
    "quality_metrics",
    stepQualityPoints({
      coords,
      taskType,
      author: ctx.author,
      producer,
      vote: o.voted.summary,
      measurement: o.measurement,
      received: o.received,
    }),
  );
  await recordAgentFailures(ctx, o, writes); // gathered: no round trip yet
  const language = taskType.includes("/") ? taskType.slice(taskKindOf(taskType).length + 1) : undefined;
  const lessons = lessonsFromStep({
    team: ctx.team,
    step: coords.step as StepName,
    role: ctx.author.spec.role,
    agent: producer.agent,
    provider: producer.provider,
    model: producer.model,
    taskId: coords.taskId,
    packet: coords.packet,
    taskType,
    language,
    round: coords.round,
    feedback: wf.feedback,
    feedbackFromBugs: wf.feedback.some((f) => FROM_BUGS.test(f)),
    fixes: o.fixes,
    fixedAfterFixes: o.passedAfterFixes,
    attempts: o.voted.attempts,
    finalSummary: o.finalSummary,
    voteAccepted: o.voted.summary.outcome !== "no_consensus_best_supported",
  });
  // Each lesson has its own trigger, so none can merge into another: they are written side by side.
  await Promise.all([
    writes.flush(),
    ...lessons.map((lesson) => writeLesson(ctx.knowledge, { ...lesson, round: coords.round })),
  ]);
}

/** Agent failures of SPEC §10: a run that failed and went back to the author, a vote without consensus, failing tests. */
async function recordAgentFailures(ctx: TeamContext, o: StepOutcome, writes: StepWrites): Promise<void> {
  const { coords, producer, taskType } = o;
  const base = {
    team: producer.team,
    agent: producer.agent,
    provider: producer.provider,
    model: producer.model,
    task_id: coords.taskId,
    step: coords.step as StepName,
    round: coords.round,
    task_type: taskType,
  };
  for (const [i, fix] of o.fixes.entries())
    await recordFailure(
      ctx,
      { ...base, failure_kind: "agent", what: `validation-${i + 1}`, reason: fix.failure },
      writes,
    );
  for (const [i, attempt] of o.voted.attempts.entries()) {
    if (attempt.consensus) continue;
    const why = attempt.rejections.map((r) => `${r.agent}: ${r.rationale}`).join("; ") || "no consensus";
    await recordFailure(ctx, { ...base, failure_kind: "agent", what: `vote-${i + 1}`, reason: why }, writes);
  }
  const correctness = o.measurement?.dimensions.correctness?.value;
  if (
    o.measurement?.source === "tests" &&
    o.received &&
    correctness !== undefined &&
    correctness !== null &&
    correctness < 1
  ) {
    const p = o.received.produced_by;
    await recordFailure(
      ctx,
      {
        team: p.team,
        agent: p.agent,
        provider: p.provider,
        model: p.model,
        task_id: coords.taskId,
        step: o.received.step,
        round: o.received.round,
        task_type: taskType,
        failure_kind: "agent",
        what: "tests",
        reason: o.measurement.dimensions.correctness?.basis ?? "QA's tests failed",
      },
      writes,
    );
  }
}
