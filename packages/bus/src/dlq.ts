import {
  CURRENT_VERSION,
  cutText,
  DLQ_EXCERPT_MAX,
  DLQ_INLINE_MAX,
  ITEMS,
  MAX,
  stableId,
  subjects,
  type DlqEntry,
  type DlqReason,
  type ObjectRef,
} from "@flotilla/contracts";
import { traceOf } from "./trace.ts";
import type { Bus, Objects } from "./types.ts";

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

/** A string of the original that fits an id field; an oversized one (how a message got here) is left out. */
const str = (v: unknown) => (typeof v === "string" && v.length > 0 && v.length <= MAX.id ? v : undefined);

/** The original's headers within the entry's limits: the first ITEMS.few, each value cut to MAX.line. */
function boundedHeaders(headers: Record<string, string>): Record<string, string> {
  const kept = Object.entries(headers).filter(([k]) => k.length <= MAX.id);
  return Object.fromEntries(kept.slice(0, ITEMS.few).map(([k, v]) => [k, cutText(v, MAX.line)]));
}

/** Where the body of a dead letter too large to keep inline is stored: by team and entry id. */
export const dlqBodyRef = (team: string, entryId: string): ObjectRef => ({
  object_store: "dlq_payloads",
  key: `${team}/${entryId}`,
});

type DlqSubject = ReturnType<typeof subjects.dlq>;

/** A body the entry cannot carry: stored at `ref` before the entry is published. */
export interface DlqBody {
  ref: ObjectRef;
  data: string;
}

/**
 * The DLQ entry for one failed delivery and the subject it goes to. Its message id comes from
 * stream, sequence and consumer, so a re-delivery (or a second instance) failing the same
 * message is de-duplicated by JetStream instead of filling the DLQ twice. Every field is cut to
 * its declared limit, so the entry always fits max_payload: a payload over DLQ_INLINE_MAX bytes
 * is returned as `body`, to be stored at `original_message_ref`, and the entry keeps its start.
 */
export function dlqEntry(input: DlqInput): { subject: DlqSubject; entry: DlqEntry; body?: DlqBody } {
  const original = parseObject(input.raw);
  const now = new Date().toISOString();
  const messageId = stableId("dlq", input.stream, input.streamSequence, input.consumer);
  const tooLarge = Buffer.byteLength(input.raw) > DLQ_INLINE_MAX;
  const body = tooLarge ? { ref: dlqBodyRef(input.team, messageId), data: input.raw } : undefined;
  const taskId = findTaskId(original);
  const entry: DlqEntry = {
    message_version: CURRENT_VERSION,
    message_id: messageId,
    timestamp: now,
    correlation_id: str(original.correlation_id) ?? str(original.message_id) ?? messageId,
    parent_task_id: null,
    // The original's trace, found as the handler's was, so the entry belongs to its task's trace.
    trace_id: traceOf(input.headers, original) ?? messageId,
    sender: { team: input.team, agent: "bus", instance_id: input.instanceId },
    dlq_metadata: {
      team: input.team,
      consumer: cutText(input.consumer, MAX.id),
      original_subject: cutText(input.subject, MAX.line),
      failure_count: input.failureCount,
      first_failure_timestamp: input.firstFailure ?? now,
      last_failure_timestamp: now,
      reason: input.reason,
      failure_reason: cutText(input.failureReason, MAX.text),
      original_message: body ? cutText(input.raw, DLQ_EXCERPT_MAX) : input.raw,
      ...(body ? { original_message_ref: body.ref } : {}),
      original_headers: boundedHeaders(input.headers),
      task_id: taskId && taskId.length <= MAX.id ? taskId : undefined,
    },
    recovery_instructions: {
      // A malformed message needs a person to fix it; a handler failure may pass on replay.
      manual_intervention_required: input.reason !== "handler_failed",
      replay_subject: cutText(input.subject, MAX.line),
    },
  };
  return { subject: subjects.dlq(input.team, input.reason), entry, ...(body ? { body } : {}) };
}

/**
 * Dead-letters one message: its body first when it is too large for the entry (so the entry
 * never names a body that is not there), then the entry. Both are idempotent: the body's key and
 * the entry's message id are fixed by stream, sequence and consumer.
 */
export async function deadLetterMessage(
  deps: { publish: Bus["publish"]; objects: Pick<Objects, "put"> },
  input: DlqInput,
): Promise<{ subject: DlqSubject; entry: DlqEntry }> {
  const { subject, entry, body } = dlqEntry(input);
  if (body)
    await deps.objects.put(body.ref, body.data, {
      description: `dead letter from ${entry.dlq_metadata.original_subject}`,
    });
  await deps.publish(subject, entry);
  return { subject, entry };
}
