import { z } from "zod";
import { message } from "../envelope.ts";
import { Iso, ObjectRef, StepName, TeamName } from "../common.ts";
import { boundedRecord, DLQ_INLINE_MAX, ITEMS, MAX } from "../limits.ts";

export const DLQ_REASONS = [
  "invalid_json",
  "unknown_version",
  "schema_violation",
  "unknown_subject",
  "handler_failed",
] as const;
export const DlqReason = z.enum(DLQ_REASONS);
export type DlqReason = z.infer<typeof DlqReason>;

/**
 * `dlq.<team>.<reason>`: the original is kept verbatim so it can be replayed; one larger than
 * DLQ_INLINE_MAX bytes is kept in the `dlq_payloads` object store instead (`original_message_ref`).
 */
export const DlqEntry = message({
  dlq_metadata: z.object({
    team: z.string().max(MAX.id),
    consumer: z.string().max(MAX.id),
    original_subject: z.string().max(MAX.line),
    failure_count: z.number().int().min(1),
    first_failure_timestamp: Iso,
    last_failure_timestamp: Iso,
    reason: DlqReason,
    failure_reason: z.string().max(MAX.text),
    /** The original payload as received (UTF-8), even when it was not JSON; its start when it is stored. */
    original_message: z.string().max(DLQ_INLINE_MAX),
    /** Where the whole original payload is when it was too large to keep inline. */
    original_message_ref: ObjectRef.optional(),
    original_headers: boundedRecord(z.string().max(MAX.line), ITEMS.few).default({}),
    task_id: z.string().max(MAX.id).optional(),
  }),
  recovery_instructions: z.object({
    manual_intervention_required: z.boolean(),
    replay_subject: z.string().max(MAX.line),
  }),
});
export type DlqEntry = z.infer<typeof DlqEntry>;

/**
 * `dlq.<team>.replayed`: a person (`flotilla dlq replay`) or leadership's `dlq_replay` validated a
 * DLQ entry's original again and re-published it under a new message id. The entry is then
 * deleted, or, when the replaying user may not delete it, marked replayed by this record.
 */
export const DlqReplayed = message({
  entry: z.object({
    /** The entry's sequence in the DLQ stream, the id `flotilla dlq` showed. */
    id: z.number().int().min(1),
    subject: z.string().max(MAX.line),
    message_id: z.string().max(MAX.id),
    failure_reason: z.string().max(MAX.text),
    original_subject: z.string().max(MAX.line),
    original_message_id: z.string().max(MAX.id),
  }),
  replayed: z.object({
    subject: z.string().max(MAX.line),
    message_id: z.uuid(),
    stream: z.string().max(MAX.id),
    sequence: z.number().int().min(1),
  }),
  task_id: z.string().max(MAX.id).optional(),
  requested_by: z.string().max(MAX.id),
});
export type DlqReplayed = z.infer<typeof DlqReplayed>;

export const CircuitBreakerStateChanged = message({
  team: TeamName,
  breaker: z.string().max(MAX.id),
  circuit_breaker_state: z.enum(["OPEN", "HALF_OPEN", "CLOSED"]),
  estimated_recovery_time_ms: z.number().int().min(0).optional(),
  affected_capabilities: z.array(z.string().max(MAX.id)).max(ITEMS.few).default([]),
});
export type CircuitBreakerStateChanged = z.infer<typeof CircuitBreakerStateChanged>;

export const TaskResurrected = message({
  resurrection_context: z.object({
    original_task_id: z.uuid(),
    failure_timestamp: Iso,
    recovery_timestamp: Iso,
    downtime_duration_ms: z.number().int().min(0),
  }),
  recovery_checkpoint: z.object({
    last_successful_step: StepName.optional(),
    completed_artifacts: z.array(ObjectRef).max(ITEMS.many),
    next_step: StepName,
  }),
});
export type TaskResurrected = z.infer<typeof TaskResurrected>;

export const EscalationRequired = message({
  task_id: z.string().max(MAX.id).optional(),
  team: TeamName,
  reason: z.string().max(MAX.text),
  since: Iso,
});
export type EscalationRequired = z.infer<typeof EscalationRequired>;

/** `metrics.agent.<team>.<agent>`: one agent call, for visibility (not budgets). */
export const AgentMetrics = message({
  team: TeamName,
  agent: z.string().max(MAX.id),
  provider: z.string().max(MAX.id),
  model: z.string().max(MAX.id),
  simulated: z.boolean(),
  task_id: z.string().max(MAX.id).optional(),
  step: z.string().max(MAX.id),
  kind: z.enum(["draft", "revise", "fix", "explain", "vote", "rate", "tool"]),
  latency_ms: z.number().min(0),
  /** The provider and model that answered, when a fallback did. */
  served_provider: z.string().max(MAX.id).optional(),
  served_model: z.string().max(MAX.id).optional(),
  input_tokens: z.number().int().min(0),
  output_tokens: z.number().int().min(0),
  retries: z.number().int().min(0),
  fallbacks: z.number().int().min(0),
  ok: z.boolean(),
});
export type AgentMetrics = z.infer<typeof AgentMetrics>;
