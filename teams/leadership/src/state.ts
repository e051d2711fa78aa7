import { z } from "zod";
import type { Bus } from "@flotilla/bus";
import {
  ApprovalRecord,
  ContextRef,
  DeliveredBranch,
  ModelChoice,
  TaskRepo,
  ObjectRef,
  PacketId,
  PacketOutcome,
  Priority,
  Producer,
  RatingSummary,
  RunSummary,
  StepName,
  TeamName,
  VoteSummary,
} from "@flotilla/contracts";

/** A team's accepted result for a step: what the next team receives and the outcome lists. */
export const StepRecord = z.object({
  team: TeamName,
  round: z.number().int(),
  artifact: ObjectRef,
  vote: VoteSummary,
  produced_by: Producer,
  rating_given: RatingSummary.optional(),
  extra: z.record(z.string(), ObjectRef).default({}),
  /** Knowledge the author was given for this step (ContextRef). */
  context: z.array(ContextRef).default([]),
  /** The step's sandboxed runs (validation, tests, health check). */
  runs: z.array(RunSummary).default([]),
  /** QA: whether its tests ran in the sandbox. */
  verification: z.enum(["verified", "unverified"]).optional(),
  /** Devops: the commit on the task's branch. */
  repository: DeliveredBranch.optional(),
  /** Which model served each agent, and why (MODEL_SELECTION_STRATEGY). */
  model_choices: z.array(ModelChoice).default([]),
});
export type StepRecord = z.infer<typeof StepRecord>;

/** One work packet of the plan and where it is (the outcome's packet, plus what the next round needs). */
export const PacketState = PacketOutcome.pick({
  id: true,
  team: true,
  step: true,
  title: true,
  depends_on: true,
  implied: true,
  status: true,
  reason: true,
  started_at: true,
  finished_at: true,
}).extend({
  description: z.string(),
  acceptance_criteria: z.array(z.string()),
  /** How often the packet was dispatched. */
  round: z.number().int().min(0).default(0),
  /** What the next round must address (bugs, ratings, sign-off concerns). */
  feedback: z.array(z.string()).default([]),
  result: StepRecord.optional(),
});
export type PacketState = z.infer<typeof PacketState>;

/** What a transition asks to be published once its state is written (re-published on re-delivery). */
export const Effect = z.discriminatedUnion("kind", [
  // `resend`: the watchdog's n-th resurrection sends the request again under a new id.
  z.object({
    kind: z.literal("dispatch"),
    packet: PacketId,
    round: z.number().int(),
    resend: z.number().int().optional(),
  }),
  z.object({ kind: z.literal("plan"), round: z.number().int(), resend: z.number().int().optional() }),
  z.object({ kind: z.literal("signoff"), round: z.number().int(), resend: z.number().int().optional() }),
  /** The watchdog resumed the task, which had not moved since `since`. */
  z.object({ kind: z.literal("resurrected"), since: z.string() }),
  z.object({ kind: z.literal("outcome") }),
  /** A gated step waits for a person: announce the pending approval (gates.ts). */
  z.object({ kind: z.literal("approval"), id: z.string() }),
]);
export type Effect = z.infer<typeof Effect>;

/** A task's workflow state in KV `workflow_state` (key: task id). Only transitions.ts writes it. */
export const WorkflowState = z.object({
  task_id: z.uuid(),
  description: z.string(),
  requirements: z.array(z.string()).default([]),
  priority: Priority.default("medium"),
  requester: z.string().default("anonymous"),
  /** The repository the task changes (its own scratch one when it named none). */
  repo: TaskRepo.optional(),
  /** What kind of work (e.g. "bugfix/python"): every step's scores, model choice and lessons are per type. */
  task_type: z.string().optional(),
  correlation_id: z.string(),
  trace_id: z.string().optional(),
  status: z.enum(["running", "completed", "failed"]),
  /** planning → working (packets) → signoff → ended; a rejected sign-off goes back to working. */
  phase: z.enum(["planning", "working", "signoff", "ended"]),
  /** The step most recently started, for lists and failure reports. */
  current_step: StepName,
  started_at: z.string(),
  updated_at: z.string(),
  finished_at: z.string().optional(),
  reason: z.string().optional(),
  plan_round: z.number().int().min(0).default(0),
  /** Why the next plan is asked for (development's rejection, an invalid graph). */
  plan_feedback: z.array(z.string()).default([]),
  signoff_round: z.number().int().min(0).default(0),
  plan: StepRecord.optional(),
  signoff: StepRecord.optional(),
  /** The plan's packets in dependency order, with the ones leadership added. */
  packets: z.array(PacketState).default([]),
  /** Effects of each handled message by its id: a re-delivery re-publishes them, never new ones. */
  handled: z.record(z.string(), z.array(Effect)).default({}),
  quality_flags: z.array(z.string()).default([]),
  /** Steps that wait for a person (FLOTILLA_APPROVAL when the task arrived: a restart does not change them). */
  approval_steps: z.array(StepName).default([]),
  /** Every approval gate reached, with the work it holds back until approved. */
  approvals: z.array(ApprovalRecord.extend({ effect: Effect.optional() })).default([]),
  /** How often the watchdog resumed the task (TASK_STALL_TIMEOUT_MS). */
  resurrections: z.number().int().min(0).default(0),
  /** Set once the outcome is published: it is published once, never again. */
  outcome_published: z.boolean().default(false),
  simulated: z.boolean().default(false),
  history: z.array(z.object({ at: z.string(), event: z.string() })).default([]),
});
export type WorkflowState = z.infer<typeof WorkflowState>;

export const STATE_BUCKET = "workflow_state";

/**
 * The state an update starts from, as a copy the transition may change: validated when someone
 * else wrote it, cloned when this process did (a transition's states are typed, and a zod parse of
 * a state of tens of kB costs a millisecond on every result leadership routes).
 */
export const editable = (old: WorkflowState, ours: boolean): WorkflowState =>
  ours ? structuredClone(old) : WorkflowState.parse(old);

/** A task's state, read (only transitions.ts writes it). */
export async function readState(bus: Pick<Bus, "getJson">, taskId: string): Promise<WorkflowState | undefined> {
  const raw = await bus.getJson<unknown>(STATE_BUCKET, taskId);
  return raw ? WorkflowState.parse(raw) : undefined;
}

/** Every known task, newest first; an unreadable entry is skipped. */
export async function listStates(bus: Pick<Bus, "getJson" | "keys">): Promise<WorkflowState[]> {
  const keys = await bus.keys(STATE_BUCKET);
  const states = await Promise.all(keys.map((k) => readState(bus, k).catch(() => undefined)));
  return states.filter((s): s is WorkflowState => !!s).sort((a, b) => b.started_at.localeCompare(a.started_at));
}
