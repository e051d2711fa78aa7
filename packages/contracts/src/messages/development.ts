import { z } from "zod";
import { message } from "../envelope.ts";
import { ContextRef, ObjectRef, Producer, RatingSummary, RunSummary, VoteSummary, WorkflowContext } from "../common.ts";
import { ValidationReport } from "../work/runs.ts";
import { ModelChoice } from "../work/quality.ts";
import { boundedRecord, ITEMS, MAX } from "../limits.ts";

/** Fields every team result carries: who made it, how the team voted, where it sits in the workflow. */
export const resultFields = {
  task_id: z.uuid(),
  produced_by: Producer,
  vote: VoteSummary,
  workflow: WorkflowContext,
  /** The team's rating of the work it received, when it received any. */
  received_rating: RatingSummary.optional(),
  /** Knowledge retrieved from Qdrant (and repository files) cited in the author's prompt. */
  context: z.array(ContextRef).max(ITEMS.some).default([]),
  /** The step's sandboxed runs (validation, tests, health check), in a line each. */
  runs: z.array(RunSummary).max(ITEMS.few).default([]),
  /** Which model served each agent in the step, and why (MODEL_SELECTION_STRATEGY). */
  model_choices: z.array(ModelChoice).max(ITEMS.few).default([]),
};

export const CodeReady = message({
  ...resultFields,
  artifacts: z.object({
    code_location: ObjectRef,
    test_coverage: z.number().min(0).max(100).optional(),
    complexity_metrics: boundedRecord(z.number()).default({}),
    documentation_location: ObjectRef.optional(),
  }),
  metadata: z.object({
    languages: z.array(z.string().max(MAX.id)).max(ITEMS.few),
    files_changed: z.number().int().min(0),
    lines_added: z.number().int().min(0),
    agent_used: z.string().max(MAX.id),
  }),
  next_steps: z.object({ requires_qa: z.boolean(), requires_documentation: z.boolean() }),
  /** The validation pipeline's run on the chosen change set (absent for tasks without a repository). */
  validation: ValidationReport.optional(),
  /** The same, stored in `test_artifacts`. */
  validation_location: ObjectRef.optional(),
});
export type CodeReady = z.infer<typeof CodeReady>;

export const Blocked = message({
  task_id: z.uuid(),
  reason: z.string().max(MAX.text),
  blocking_on: z.array(z.string().max(MAX.line)).max(ITEMS.some).default([]),
});
export type Blocked = z.infer<typeof Blocked>;

export const DesignProposal = message({
  task_id: z.uuid(),
  title: z.string().max(MAX.line),
  proposal_location: ObjectRef,
});
export type DesignProposal = z.infer<typeof DesignProposal>;
