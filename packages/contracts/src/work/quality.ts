import { z } from "zod";
import { Iso, Score, StepName, TeamName } from "../common.ts";
import { boundedRecord, ITEMS, MAX } from "../limits.ts";

/** The quality dimensions of SPEC §8. */
export const QUALITY_DIMENSIONS = ["correctness", "code_quality", "completeness", "efficiency", "clarity"] as const;
export const QualityDimension = z.enum(QUALITY_DIMENSIONS);
export type QualityDimension = z.infer<typeof QualityDimension>;

/**
 * Where a quality record's figures come from: a sandboxed run (`validation`: development's own
 * pipeline; `tests`: QA's tests run on the code), the receiving team's ratings (`peer_rating`),
 * the producing team's vote (`vote`), or the calls' tokens and latency (`usage`).
 */
export const QUALITY_SOURCES = ["validation", "tests", "peer_rating", "vote", "usage"] as const;
export const QualitySource = z.enum(QUALITY_SOURCES);
export type QualitySource = z.infer<typeof QualitySource>;

/** One dimension as a record measured it: a value 0–1, or null with why it could not be measured. */
export const DimensionScore = z.object({
  value: Score.nullable(),
  /** What the value stands on, e.g. "4 of 5 QA tests passed in the sandbox". */
  basis: z.string().max(MAX.line),
  /** Why there is no value (e.g. "no sandbox: nothing ran"); absent when there is one. */
  missing: z.string().max(MAX.line).optional(),
});
export type DimensionScore = z.infer<typeof DimensionScore>;

/**
 * One point of Qdrant `quality_metrics`: what one source says about one producer's work in one
 * step round. A record holds only the dimensions its source speaks to; the leaderboard combines
 * them per task type, role and model. Efficiency is computed by the leaderboard from `usage`
 * records (tokens, latency) relative to the other models of the same work.
 */
export const QualityRecord = z.object({
  kind: z.literal("quality"),
  source: QualitySource,
  task_id: z.uuid(),
  packet_id: z.string().max(MAX.id).optional(),
  step: StepName,
  round: z.number().int().min(1),
  /** See `taskTypeOf`: what kind of work, e.g. "bugfix/typescript". */
  task_type: z.string().max(MAX.id),
  /** The producer: team, agent, its role, and the provider and model that served the work. */
  team: TeamName,
  agent: z.string().max(MAX.id),
  role: z.string().max(MAX.id),
  provider: z.string().max(MAX.id),
  model: z.string().max(MAX.id),
  simulated: z.boolean(),
  dimensions: z.partialRecord(QualityDimension, DimensionScore),
  /** Raw figures behind the dimensions: tests passed/total, fix rounds, findings, tokens, latency… */
  evidence: boundedRecord(z.union([z.number(), z.string(), z.boolean(), z.null()]), ITEMS.few).default({}),
  /** The team that wrote the record (the producer's own team for validation, vote and usage). */
  recorded_by: TeamName,
  timestamp: Iso,
});
export type QualityRecord = z.infer<typeof QualityRecord>;

/** MODEL_SELECTION_STRATEGY: which of an agent's candidate models serves a step. */
export const MODEL_SELECTION_STRATEGIES = ["quality_first", "speed_first", "balanced", "explore"] as const;
export const SelectionStrategy = z.enum(MODEL_SELECTION_STRATEGIES);
export type SelectionStrategy = z.infer<typeof SelectionStrategy>;

/** One candidate model as the selection saw it. */
export const CandidateView = z.object({
  provider: z.string().max(MAX.id),
  model: z.string().max(MAX.id),
  /** Quality records of this model in this role and task type. */
  n: z.number().int().min(0),
  /** Posterior mean quality (null: no record yet). */
  quality: Score.nullable(),
  /** Median latency of its calls in this work, ms (null: none recorded). */
  latency_ms: z.number().min(0).nullable(),
});
export type CandidateView = z.infer<typeof CandidateView>;

/** Which model served an agent in a step, and why: kept in the step record, shown by task_status. */
export const ModelChoice = z.object({
  agent: z.string().max(MAX.id),
  role: z.string().max(MAX.id),
  provider: z.string().max(MAX.id),
  model: z.string().max(MAX.id),
  strategy: SelectionStrategy,
  task_type: z.string().max(MAX.id),
  reason: z.string().max(MAX.text),
  candidates: z.array(CandidateView).max(ITEMS.few),
});
export type ModelChoice = z.infer<typeof ModelChoice>;

/** What made a lesson: the work was sent back, a vote failed, QA found bugs, validation failed. */
export const LESSON_TRIGGERS = ["rejected", "vote_failed", "bugs_found", "validation_failed"] as const;
export const LessonTrigger = z.enum(LESSON_TRIGGERS);
export type LessonTrigger = z.infer<typeof LessonTrigger>;

/**
 * A lesson (Qdrant `learning_patterns`; the author's own copy in `agent_memory`): what went
 * wrong, what fixed it, and where it applies. Near-duplicates are merged into one lesson whose
 * `occurrences` and `task_ids` grow.
 */
export const Lesson = z.object({
  kind: z.literal("lesson"),
  trigger: LessonTrigger,
  team: TeamName,
  step: StepName,
  role: z.string().max(MAX.id),
  agent: z.string().max(MAX.id),
  provider: z.string().max(MAX.id),
  model: z.string().max(MAX.id),
  task_type: z.string().max(MAX.id),
  language: z.string().max(MAX.id).optional(),
  tags: z.array(z.string().max(MAX.id)).max(ITEMS.few),
  went_wrong: z.string().max(MAX.text),
  fixed_by: z.string().max(MAX.text),
  /** False when no later attempt or round fixed it (the lesson is what to avoid). */
  resolved: z.boolean(),
  task_ids: z.array(z.uuid()).max(ITEMS.few),
  occurrences: z.number().int().min(1),
  first_seen: Iso,
  last_seen: Iso,
});
export type Lesson = z.infer<typeof Lesson>;

/** SPEC §10's four kinds of failure. */
export const FAILURE_KINDS = ["transient", "permanent", "dependency", "agent"] as const;
export const FailureKind = z.enum(FAILURE_KINDS);
export type FailureKind = z.infer<typeof FailureKind>;

/** One classified failure (Qdrant `failure_analytics`). */
export const FailureRecord = z.object({
  kind: z.literal("failure"),
  failure_kind: FailureKind,
  /** What failed, e.g. "validation", "tests", "vote", "rating", "handler", "model_call". */
  what: z.string().max(MAX.id),
  team: TeamName,
  agent: z.string().max(MAX.id).optional(),
  provider: z.string().max(MAX.id).optional(),
  model: z.string().max(MAX.id).optional(),
  task_id: z.uuid().optional(),
  step: StepName.optional(),
  round: z.number().int().min(1).optional(),
  task_type: z.string().max(MAX.id).optional(),
  reason: z.string().max(MAX.text),
  timestamp: Iso,
});
export type FailureRecord = z.infer<typeof FailureRecord>;
