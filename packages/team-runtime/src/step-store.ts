import { ids, type MessageOf, type ModelChoice, type ObjectRef, type StepCoordinates } from "@flotilla/contracts";
import type { WorkflowContext, WorkSubject } from "@flotilla/contracts";
import type { CheckResult, StepSpec, TeamContext } from "./types.ts";
import type { CheckedCandidates } from "./checks.ts";
import type { ReceivedWork } from "./rating.ts";
import type { VoteResult } from "./voting.ts";
import type { StepWrites } from "./step-writes.ts";
import { learnFromStep } from "./quality/learn.ts";
import { summaryOf } from "./records.ts";

export interface Voted<Out> {
  coords: StepCoordinates;
  wf: WorkflowContext;
  taskType: string;
  voted: VoteResult<Out>;
  checks?: CheckedCandidates<Out>;
  received: ReceivedWork[];
  choices: ModelChoice[];
  writes: StepWrites;
}

/**
 * After the vote: the clone is left holding the chosen candidate (run again if another ran
 * since), and that run's record goes to `test_artifacts` beside what the step teaches (its
 * ballots, ratings, quality and failure records in one upsert per collection, and its lessons).
 * Returns the run, for `finish`.
 */
export async function storeAndLearn<S extends WorkSubject, Out>(
  ctx: TeamContext,
  spec: StepSpec<S, Out>,
  input: MessageOf<S>,
  v: Voted<Out>,
): Promise<(CheckResult & { location: ObjectRef }) | undefined> {
  const { coords, checks, voted } = v;
  let check: (CheckResult & { location: ObjectRef }) | undefined;
  if (checks && spec.check) {
    // The clone must hold the chosen candidate when `finish` runs (QA reads its run, devops its tree).
    const result = await checks.ensureApplied(voted.candidate);
    check = {
      ...result,
      location: { object_store: "test_artifacts", key: ids.artifactKey(coords, spec.check.artifact) },
    };
  }
  const learned = learnFromStep(
    ctx,
    {
      coords,
      wf: v.wf,
      taskType: v.taskType,
      producer: voted.producer,
      voted,
      measurement:
        check && spec.check?.measure?.(check, { input, candidate: voted.candidate, fixes: checks?.fixes.length ?? 0 }),
      received: v.received[0]?.ref,
      fixes: checks?.fixes ?? [],
      passedAfterFixes: check?.passed ?? true,
      finalSummary: summaryOf(voted.candidate),
      choices: v.choices,
    },
    v.writes,
  );
  await Promise.all([learned, check && ctx.bus.objects.put(check.location, JSON.stringify(check.record, null, 2))]);
  return check;
}
