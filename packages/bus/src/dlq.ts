import { CURRENT_VERSION, stableId, subjects, type DlqEntry, type DlqReason } from "@flotilla/contracts";
import { HEADER } from "./publish.ts";

export interface DlqInput {
  team: string;
  instanceId: string;
  consumer: string;
  stream: string;
  streamSequence: number;
  subject: string;
  /** The payload as received, kept verbatim even when it is not JSON. */
  raw: string;
  headers: Record<string, string>;
  reason: DlqReason;
  failureReason: string;
  failureCount: number;
  firstFailure?: string;
}

function parseObject(raw: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A task id at the top level or one level down (work packets nest it), for people searching the DLQ. */
function findTaskId(obj: Record<string, unknown>): string | undefined {
  if (typeof obj.task_id === "string") return obj.task_id;
  // Workflow messages carry their task in the envelope's parent_task_id.
  if (typeof obj.parent_task_id === "string") return obj.parent_task_id;
  for (const v of Object.values(obj)) {
    if (v && typeof v === "object" && typeof (v as Record<string, unknown>).task_id === "string") {
      return (v as Record<string, string>).task_id;
    }
  }
  return undefined;
}

const str = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : undefined);

/**
 * The DLQ entry for one failed delivery and the subject it goes to. Its message id comes from
 * stream, sequence and consumer, so a re-delivery (or a second instance) failing the same
 * message is de-duplicated by JetStream instead of filling the DLQ twice.
 */
export function dlqEntry(input: DlqInput) {
  const original = parseObject(input.raw);
  const now = new Date().toISOString();
  const messageId = stableId("dlq", input.stream, input.streamSequence, input.consumer);
  const entry: DlqEntry = {
    message_version: CURRENT_VERSION,
    message_id: messageId,
    timestamp: now,
    correlation_id: str(original.correlation_id) ?? str(original.message_id) ?? messageId,
    parent_task_id: null,
    trace_id: input.headers[HEADER.traceId] ?? str(original.trace_id) ?? messageId,
    sender: { team: input.team, agent: "bus", instance_id: input.instanceId },
    dlq_metadata: {
      team: input.team,
      consumer: input.consumer,
      original_subject: input.subject,
      failure_count: input.failureCount,
      first_failure_timestamp: input.firstFailure ?? now,
      last_failure_timestamp: now,
      reason: input.reason,
      failure_reason: input.failureReason,
      original_message: input.raw,
      original_headers: input.headers,
      task_id: findTaskId(original),
    },
    recovery_instructions: {
      // A malformed message needs a person to fix it; a handler failure may pass on replay.
      manual_intervention_required: input.reason !== "handler_failed",
      replay_subject: input.subject,
    },
  };
  return { subject: subjects.dlq(input.team, input.reason), entry };
}
