import { z } from "zod";
import { ITEMS, MAX, TASK_TEXT_MAX } from "./limits.ts";

export const TEAMS = ["leadership", "development", "qa", "documentation", "devops"] as const;
export const TeamName = z.enum(TEAMS);
export type TeamName = z.infer<typeof TeamName>;

export const OBJECT_STORES = [
  "code_artifacts",
  "build_artifacts",
  "test_reports",
  "test_artifacts",
  "documentation_artifacts",
  "diagram_artifacts",
  "plan_artifacts",
  /** The body of a dead-lettered message too large to keep inline in its DLQ entry. */
  "dlq_payloads",
] as const;
export const ObjectStoreName = z.enum(OBJECT_STORES);
export type ObjectStoreName = z.infer<typeof ObjectStoreName>;

/** Large payloads never ride in messages: they are referenced by store and key. */
export const ObjectRef = z.object({
  object_store: ObjectStoreName,
  key: z
    .string()
    .min(1)
    .max(512)
    .regex(/^[A-Za-z0-9._/-]+$/, "key may hold letters, digits, . _ - / only")
    .refine((k) => !k.split("/").includes(".."), "key must not contain '..'"),
});
export type ObjectRef = z.infer<typeof ObjectRef>;

export const Iso = z.iso.datetime({ offset: true }).max(64);
export const Score = z.number().min(0).max(1);

export const Severity = z.enum(["critical", "high", "medium", "low"]);
export const Issue = z.object({
  severity: Severity,
  type: z.enum(["bug", "security", "performance", "quality", "docs"]).default("bug"),
  description: z.string().max(MAX.text),
  reproduction_steps: z.array(z.string().max(MAX.text)).max(ITEMS.few).default([]),
});
export type Issue = z.infer<typeof Issue>;

/** Who produced a piece of work: ratings and votes are attributed to the agent and its model. */
export const Producer = z.object({
  team: TeamName,
  agent: z.string().max(MAX.id),
  /** The agent's role (scores are kept per role); absent in messages from before roles were named. */
  role: z.string().max(MAX.id).optional(),
  provider: z.string().max(MAX.id),
  model: z.string().max(MAX.id),
  simulated: z.boolean(),
});
export type Producer = z.infer<typeof Producer>;

export const STEPS = ["plan", "implement", "test", "document", "deploy", "signoff"] as const;
export const StepName = z.enum(STEPS);
export type StepName = z.infer<typeof StepName>;

/** How urgent a task is: busy teams take `high` work first (prioritized request subjects). */
export const PRIORITIES = ["high", "medium", "low"] as const;
export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;

/** A work packet id: a plan names its packets, dependencies refer to them, artifact keys carry them. */
export const PacketId = z
  .string()
  .max(40)
  .regex(/^[A-Za-z0-9_-]{1,40}$/, "packet ids are 1-40 letters, digits, - or _");

/** A piece of work handed to the next team, which rates it. */
export const WorkRef = z.object({
  step: StepName,
  /** The plan's work packet this work belongs to (absent for the plan itself). */
  packet_id: PacketId.optional(),
  round: z.number().int().min(1),
  artifact: ObjectRef,
  produced_by: Producer,
});
export type WorkRef = z.infer<typeof WorkRef>;

export const VoteOutcome = z.enum(["accepted", "no_consensus_best_supported", "voting_disabled"]);
export type VoteOutcome = z.infer<typeof VoteOutcome>;

/** Summary of a team vote; every ballot is in Qdrant `team_votes`. */
export const VoteSummary = z.object({
  outcome: VoteOutcome,
  attempts: z.number().int().min(1),
  chosen_attempt: z.number().int().min(1),
  /** Of the chosen attempt: Σ confidence of approvals / Σ confidence of approvals and rejections. */
  approval_ratio: z.number().min(0).max(1),
  ballots: z.number().int().min(0),
  ballot_ids: z.array(z.uuid()).max(ITEMS.some),
  // The chosen attempt's counts. Defaults let messages from before they were recorded still parse.
  /** approvals / (approvals + rejections), by head count. */
  head_count_ratio: z.number().min(0).max(1).default(0),
  approvals: z.number().int().min(0).default(0),
  rejections: z.number().int().min(0).default(0),
  abstentions: z.number().int().min(0).default(0),
  /** At least half of the voters approved or rejected; older messages predate the rule, so true. */
  quorum: z.boolean().default(true),
  /** Providers and models that cast the ballots (every attempt), so a vote's diversity shows. */
  providers: z.array(z.string().max(MAX.id)).max(ITEMS.few).default([]),
  models: z.array(z.string().max(MAX.id)).max(ITEMS.few).default([]),
  /** Every ballot came from one provider: the vote is one vendor agreeing with itself. */
  single_provider: z.boolean().default(false),
});
export type VoteSummary = z.infer<typeof VoteSummary>;

/** The receiving team's verdict on work from another team; every rating is in `cross_team_ratings`. */
export const RatingSummary = z.object({
  from_team: TeamName,
  to_team: TeamName,
  approved: z.boolean(),
  approval_ratio: z.number().min(0).max(1),
  overall: Score,
  rating_ids: z.array(z.uuid()).max(ITEMS.many),
  feedback: z.array(z.string().max(MAX.text)).max(ITEMS.some),
  issues: z.array(Issue).max(ITEMS.some),
});
export type RatingSummary = z.infer<typeof RatingSummary>;

/**
 * One sandboxed run of a step, in a line: development's validation, QA's tests, devops' health
 * check. The whole record is in `test_artifacts` at `location`.
 */
export const RunSummary = z.object({
  kind: z.enum(["validation", "tests", "health"]),
  verdict: z.enum(["pass", "fail", "error", "unverified"]),
  total: z.number().int().min(0),
  passed: z.number().int().min(0),
  failed: z.number().int().min(0),
  /** Names of the failing tests (or the failed stage). */
  failing: z.array(z.string().max(MAX.line)).max(ITEMS.some).default([]),
  command: z.string().max(MAX.text),
  /** Of the run that decided (for validation: the stage that failed, else the last that ran). */
  exit_code: z.number().int().nullable().default(null),
  signal: z.string().max(MAX.id).nullable().default(null),
  /** The sandbox limit that stopped it (wall_time, cpu_time, memory, processes, output). */
  limit_hit: z.string().max(MAX.id).optional(),
  duration_ms: z.number().min(0),
  location: ObjectRef.optional(),
});
export type RunSummary = z.infer<typeof RunSummary>;

/** The git repository a task names: a path under FLOTILLA_REPOS and the ref its work starts from. */
export const RepoRequest = z.object({
  path: z.string().min(1, "repo.path must name a git repository").max(MAX.path),
  /** Branch, tag or commit; default HEAD. */
  base_ref: z.string().min(1).max(MAX.line).optional(),
});
export type RepoRequest = z.infer<typeof RepoRequest>;

/** The task's repository as leadership resolved it: every team clones it at `base_commit`. */
export const TaskRepo = z.object({
  /** Real path of the user's repository (or of the task's scratch repository). */
  path: z.string().min(1).max(MAX.path),
  base_commit: z
    .string()
    .max(64)
    .regex(/^[0-9a-f]{40,64}$/),
  /** True when the task named no repository and got a scratch one under FLOTILLA_WORKSPACE. */
  scratch: z.boolean(),
});
export type TaskRepo = z.infer<typeof TaskRepo>;

/** Where a step sits in its task's workflow; rides in every step request and result. */
export const WorkflowContext = z.object({
  task_id: z.uuid(),
  step: StepName,
  /** The plan's work packet this step works on (absent for leadership's plan and sign-off). */
  packet_id: PacketId.optional(),
  /** The task's priority: request subjects are prioritized, so busy teams take high work first. */
  priority: Priority.default("medium"),
  round: z.number().int().min(1).default(1),
  received_work: z.array(WorkRef).max(ITEMS.many).default([]),
  feedback: z.array(z.string().max(MAX.text)).max(ITEMS.some).default([]),
  /** False once the feedback rounds are spent: the receiving team must go on with what it got. */
  may_return: z.boolean().default(true),
  plan: ObjectRef.optional(),
  /** The task's text, so every agent sees the whole request. */
  task_description: z.string().max(TASK_TEXT_MAX),
  /** The repository the work changes (absent only in messages from before repositories). */
  repo: TaskRepo.optional(),
  /** What kind of work (`taskTypeOf`, e.g. "bugfix/typescript"): scores, model choice and lessons are per type. */
  task_type: z.string().max(MAX.id).optional(),
});
export type WorkflowContext = z.infer<typeof WorkflowContext>;

/** A knowledge chunk an agent was given before a step: why it did what it did. */
export const ContextRef = z.object({
  collection: z.string().max(MAX.id),
  /** A Qdrant point id, or a repository file's path for collection `repository`. */
  point_id: z.string().max(MAX.path),
  score: z.number(),
  source: z.string().max(MAX.path).optional(),
  heading_path: z.array(z.string().max(MAX.line)).max(ITEMS.few).optional(),
  excerpt: z.string().max(400),
});
export type ContextRef = z.infer<typeof ContextRef>;
