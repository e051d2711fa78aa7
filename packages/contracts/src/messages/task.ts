import { z } from "zod";
import { message } from "../envelope.ts";
import {
  Iso,
  ObjectRef,
  PacketId,
  Priority,
  Producer,
  RatingSummary,
  RepoRequest,
  RunSummary,
  StepName,
  TeamName,
  VoteSummary,
  WorkflowContext,
} from "../common.ts";
import { ITEMS, jsonRecord, MAX, TASK_LIMITS } from "../limits.ts";
import { DeliveredBranch } from "./devops.ts";
import { ModelChoice } from "../work/quality.ts";

/** A task for the fleet: from the leadership MCP tool or any NATS client on system.task.request. */
export const TaskRequest = message({
  /** Optional: callers that want to know the id up front may choose it. */
  task_id: z.uuid().optional(),
  task: z.object({
    description: z.string().min(1, "task.description must not be empty").max(TASK_LIMITS.description),
    requirements: z.array(z.string().max(TASK_LIMITS.requirement)).max(TASK_LIMITS.requirements).default([]),
    priority: Priority.default("medium"),
    deadline: Iso.optional(),
    context: jsonRecord().default({}),
    /** The repository to change; without one the task gets a scratch repository. */
    repo: RepoRequest.optional(),
    /** What kind of work, e.g. "bugfix/python"; default: classified from the text and the repository's language. */
    task_type: z.string().max(MAX.id).optional(),
  }),
  requester: z.object({ user_id: z.string().max(MAX.id).default("anonymous") }).default({ user_id: "anonymous" }),
});
export type TaskRequest = z.infer<typeof TaskRequest>;

/**
 * Leadership asks itself for a (re-)plan on `leadership.plan.requested`: the first plan of a
 * task, or a new one after development rejected the plan or the plan's graph was invalid.
 * Requester, priority and trace ride along, so a re-plan is the same task, not a new one.
 */
export const PlanRequest = message({
  task_id: z.uuid(),
  task: TaskRequest.shape.task,
  requester: TaskRequest.shape.requester,
  workflow: WorkflowContext,
});
export type PlanRequest = z.infer<typeof PlanRequest>;

/** Every packet is done: leadership rates the deployed result and signs it off (`leadership.signoff.requested`). */
export const SignoffRequest = message({
  task_id: z.uuid(),
  /** Packets the sign-off may name to send back. */
  packets: z.array(z.object({ id: PacketId, team: TeamName, title: z.string().max(MAX.line) })).max(ITEMS.some),
  workflow: WorkflowContext,
});
export type SignoffRequest = z.infer<typeof SignoffRequest>;

/**
 * A gate of FLOTILLA_APPROVAL: a step that waited for a person, and what they decided. Its id
 * names the step, the packet and the round (`plan-r1`, `devops-1-r1`, `signoff-r2`).
 */
export const ApprovalRecord = z.object({
  id: z.string().max(80),
  step: StepName,
  packet_id: PacketId.optional(),
  round: z.number().int().min(1),
  status: z.enum(["pending", "approved", "rejected"]),
  requested_at: Iso,
  decided_at: Iso.optional(),
  /** Who decided, as they named themselves (MCP client, CLI user). */
  by: z.string().max(200).optional(),
  comment: z.string().max(4_000).optional(),
});
export type ApprovalRecord = z.infer<typeof ApprovalRecord>;

/** A person's decision at an approval gate (`system.task.approval`): the task's pending gate, or the one named. */
export const ApprovalDecision = message({
  task_id: z.uuid(),
  /** The gate decided; default: the task's oldest pending gate. */
  approval_id: z.string().max(80).optional(),
  decision: z.enum(["approve", "reject"]),
  by: z.string().min(1).max(200),
  comment: z.string().max(4_000).default(""),
});
export type ApprovalDecision = z.infer<typeof ApprovalDecision>;

export const ArtifactLink = z.object({
  step: StepName,
  packet_id: PacketId.optional(),
  team: TeamName,
  kind: z.string().max(MAX.id),
  ref: ObjectRef,
});
export type ArtifactLink = z.infer<typeof ArtifactLink>;

export const TeamOutcome = z.object({
  team: TeamName,
  step: StepName,
  packet_id: PacketId.optional(),
  rounds: z.number().int().min(1),
  vote: VoteSummary,
  produced_by: Producer,
  ratings_given: RatingSummary.optional(),
});
export type TeamOutcome = z.infer<typeof TeamOutcome>;

export const PacketStatus = z.enum(["waiting", "running", "done", "failed"]);
export type PacketStatus = z.infer<typeof PacketStatus>;

/** One work packet of the plan as it ended: who did it, how often, how the team voted. */
export const PacketOutcome = z.object({
  id: PacketId,
  team: TeamName,
  step: StepName,
  title: z.string().max(MAX.line),
  depends_on: z.array(PacketId).max(ITEMS.some),
  status: PacketStatus,
  rounds: z.number().int().min(0),
  /** True when leadership added the packet to complete the review chain (QA, docs, deploy). */
  implied: z.boolean().default(false),
  reason: z.string().max(MAX.text).optional(),
  vote: VoteSummary.optional(),
  produced_by: Producer.optional(),
  ratings_given: RatingSummary.optional(),
  artifacts: z.array(ObjectRef).max(ITEMS.few).default([]),
  /** The packet's sandboxed runs (of its last round). */
  runs: z.array(RunSummary).max(ITEMS.few).default([]),
  /** Which model served each agent in its last round, and why. */
  model_choices: z.array(ModelChoice).max(ITEMS.few).default([]),
  started_at: Iso.optional(),
  finished_at: Iso.optional(),
});
export type PacketOutcome = z.infer<typeof PacketOutcome>;

const outcomeFields = {
  task_id: z.uuid(),
  description: z.string().max(TASK_LIMITS.description),
  artifacts: z.array(ArtifactLink).max(ITEMS.many),
  teams: z.array(TeamOutcome).max(ITEMS.some),
  /** Every work packet of the (last) plan, in plan order. */
  packets: z.array(PacketOutcome).max(ITEMS.some).default([]),
  /** True when any agent ran on the simulated provider: its work is not real model output. */
  simulated: z.boolean(),
  quality_flags: z.array(z.string().max(MAX.text)).max(ITEMS.many).default([]),
  duration_ms: z.number().min(0),
  /** The branch devops committed (absent when no deploy ran). */
  repository: DeliveredBranch.optional(),
  /** `verified`: the tests ran in the sandbox; `unverified`: nothing could run, so nothing is proven. */
  verification: z.enum(["verified", "unverified", "none"]).default("none"),
  /** Every approval gate the task passed or stopped at, with who decided. */
  approvals: z.array(ApprovalRecord).max(ITEMS.many).default([]),
};

export const TaskCompleted = message({ ...outcomeFields, status: z.literal("completed"), signoff: ObjectRef });
export type TaskCompleted = z.infer<typeof TaskCompleted>;

export const TaskFailed = message({
  ...outcomeFields,
  status: z.literal("failed"),
  reason: z.string().max(MAX.long),
  failed_step: StepName.optional(),
});
export type TaskFailed = z.infer<typeof TaskFailed>;

/** Live progress of a task: published on system.task.progress and metrics.workflow.progress. */
export const TaskProgress = message({
  task_id: z.uuid(),
  team: TeamName,
  step: StepName,
  packet_id: PacketId.optional(),
  phase: z.enum([
    "received",
    "rating",
    "drafting",
    "checking",
    "fixing",
    "awaiting_approval",
    "voting",
    "revising",
    "stored",
    "done",
    "returned",
    "failed",
  ]),
  detail: z.string().max(MAX.text),
  attempt: z.number().int().min(1).optional(),
  round: z.number().int().min(1).optional(),
  /** Share of the six workflow steps done, 0–1. */
  progress: z.number().min(0).max(1),
});
export type TaskProgress = z.infer<typeof TaskProgress>;
