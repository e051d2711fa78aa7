import { z } from "zod";
import { message } from "../envelope.ts";
import { Iso, ObjectRef, Producer, RatingSummary, StepName, TeamName, VoteSummary } from "../common.ts";

/** A task for the fleet: from the leadership MCP tool or any NATS client on system.task.request. */
export const TaskRequest = message({
  /** Optional: callers that want to know the id up front may choose it. */
  task_id: z.uuid().optional(),
  task: z.object({
    description: z.string().min(1, "task.description must not be empty").max(20_000),
    requirements: z.array(z.string()).default([]),
    priority: z.enum(["high", "medium", "low"]).default("medium"),
    deadline: Iso.optional(),
    context: z.record(z.string(), z.unknown()).default({}),
  }),
  requester: z.object({ user_id: z.string().default("anonymous") }).default({ user_id: "anonymous" }),
});
export type TaskRequest = z.infer<typeof TaskRequest>;

export const ArtifactLink = z.object({ step: StepName, team: TeamName, kind: z.string(), ref: ObjectRef });
export type ArtifactLink = z.infer<typeof ArtifactLink>;

export const TeamOutcome = z.object({
  team: TeamName,
  step: StepName,
  rounds: z.number().int().min(1),
  vote: VoteSummary,
  produced_by: Producer,
  ratings_given: RatingSummary.optional(),
});
export type TeamOutcome = z.infer<typeof TeamOutcome>;

const outcomeFields = {
  task_id: z.uuid(),
  description: z.string(),
  artifacts: z.array(ArtifactLink),
  teams: z.array(TeamOutcome),
  /** True when any agent ran on the simulated provider: its work is not real model output. */
  simulated: z.boolean(),
  quality_flags: z.array(z.string()).default([]),
  duration_ms: z.number().min(0),
};

export const TaskCompleted = message({ ...outcomeFields, status: z.literal("completed"), signoff: ObjectRef });
export type TaskCompleted = z.infer<typeof TaskCompleted>;

export const TaskFailed = message({ ...outcomeFields, status: z.literal("failed"), reason: z.string(), failed_step: StepName.optional() });
export type TaskFailed = z.infer<typeof TaskFailed>;

/** Live progress of a task: published on system.task.progress and metrics.workflow.progress. */
export const TaskProgress = message({
  task_id: z.uuid(),
  team: TeamName,
  step: StepName,
  phase: z.enum(["received", "rating", "drafting", "voting", "revising", "stored", "done", "returned", "failed"]),
  detail: z.string(),
  attempt: z.number().int().min(1).optional(),
  round: z.number().int().min(1).optional(),
  /** Share of the six workflow steps done, 0–1. */
  progress: z.number().min(0).max(1),
});
export type TaskProgress = z.infer<typeof TaskProgress>;
