import {
  catalogueEntry,
  CURRENT_VERSION,
  ids,
  outcomeRef,
  PRIORITIES,
  prioritySubject,
  stableId,
  subjects,
  type DlqReplayed,
} from "@flotilla/contracts";
import { messageWithCause } from "@flotilla/errors";
import { DLQ_STREAM } from "./dlq-admin.ts";
import { getDlq } from "./dlq-admin-list.ts";
import { BusError } from "./errors.ts";
import { busInternals } from "./internals.ts";
import { publishMessage } from "./publish.ts";
import type { Bus } from "./types.ts";

/** What a replay published, and where it recorded that. */
export interface DlqReplay {
  /** The replayed entry's id (deleted from the DLQ, or marked replayed: see `deleted`). */
  id: number;
  original_subject: string;
  /** Where the message was stored again (a work request gets its priority token). */
  subject: string;
  /** The new message id (derived from the entry, so a second replay of it is de-duplicated). */
  message_id: string;
  stream: string;
  sequence: number;
  /** JetStream had it already: this entry was replayed moments ago and is not published twice. */
  duplicate: boolean;
  task_id?: string;
  /** The task had ended already (`completed` / `failed`): its outcome stands, the replay changes nothing for it. */
  task_ended?: string;
  /** The `dlq.<team>.replayed` record's id in the DLQ stream. */
  record_id: number;
  /** False when this connection may not delete DLQ messages: the record marks the entry replayed instead. */
  deleted: boolean;
}

/** Where `publishMessage` stores a message: a work request on `<subject>.<its priority>`. */
function storedSubject(subject: string, message: Record<string, unknown>): string {
  const row = catalogueEntry(subject);
  if (!row?.prioritized) return subject;
  const wanted = (message.workflow as { priority?: unknown } | undefined)?.priority;
  return prioritySubject(row.subject, PRIORITIES.find((p) => p === wanted) ?? "medium");
}

const refuse = (message: string, id: number) => new BusError(message, { isRetryable: false, context: { id } });

/** Publishes (within the server's max_payload), turning a refusal by its permissions into a plain, final error. */
async function publishAs(bus: Bus, subject: string, message: unknown) {
  const { js, nc } = busInternals(bus);
  const team = bus.team;
  try {
    return await publishMessage(js, team, subject, message, () => nc.info?.max_payload);
  } catch (err) {
    if (!/permissions violation/i.test(messageWithCause(err))) throw err;
    throw new BusError(
      `NATS refused this connection (${team}) the publish on ${subject}: its user may not publish there`,
      {
        isRetryable: false,
        cause: err,
        context: { subject },
      },
    );
  }
}

/**
 * Replays DLQ entry `id`: validates its original against the catalogue again and, if it passes,
 * re-publishes it on its original subject under a new message id derived from the entry (the
 * original id would be dropped by JetStream's de-duplication), records the replay on
 * `dlq.<team>.replayed`, then deletes the entry (a connection that may not delete it leaves it,
 * marked replayed by the record). A request that named no task id keeps the task its original
 * would have had. An original that does not validate (`invalid_json`, `schema_violation`, ...),
 * an entry replayed already, or a subject this connection may not publish on: a BusError (not
 * retryable) says why, and nothing is published.
 *
 * @example
 * const r = await replayDlq(bus, 42, { requestedBy: "alice" });
 * console.log(`re-published as ${r.message_id} on ${r.subject}`);
 */
export async function replayDlq(bus: Bus, id: number, opts: { requestedBy?: string } = {}): Promise<DlqReplay> {
  const found = await getDlq(bus, id);
  if (!found) throw refuse(`no DLQ entry ${id} (already replayed or purged?)`, id);
  if (!found.entry) throw refuse(`DLQ message ${id} cannot be replayed: ${found.not_replayable}`, id);
  if (found.replayed) throw refuse(`DLQ entry ${id} was ${found.not_replayable}`, id);
  if (!found.replayable || !found.message)
    throw refuse(`DLQ entry ${id} cannot be replayed: ${found.not_replayable ?? "its original does not validate"}`, id);
  const { entry, message } = found;
  const meta = entry.dlq_metadata;
  const messageId = stableId("dlq-replay", entry.message_id);
  const originalId = typeof message.message_id === "string" ? message.message_id : "";
  const again: Record<string, unknown> = { ...message, message_id: messageId };
  // Its task id came from its message id: pin it, or the replay would start another task.
  if (meta.original_subject === "system.task.request" && !message.task_id && originalId)
    again.task_id = ids.taskFromRequest(originalId);
  const { jsm } = busInternals(bus);
  const ack = await publishAs(bus, meta.original_subject, again);
  const record: DlqReplayed = {
    message_version: CURRENT_VERSION,
    message_id: stableId("dlq-replayed", entry.message_id),
    timestamp: new Date().toISOString(),
    correlation_id: entry.correlation_id,
    parent_task_id: null,
    trace_id: entry.trace_id,
    sender: { team: bus.team, agent: "dlq-replay", instance_id: bus.instanceId },
    entry: {
      id,
      subject: found.subject,
      message_id: entry.message_id,
      failure_reason: meta.failure_reason,
      original_subject: meta.original_subject,
      original_message_id: originalId,
    },
    replayed: {
      subject: storedSubject(meta.original_subject, message),
      message_id: messageId,
      stream: ack.stream,
      sequence: ack.seq,
    },
    ...(found.task_id ? { task_id: found.task_id } : {}),
    requested_by: opts.requestedBy ?? `${bus.team}/${bus.instanceId}`,
  };
  const recorded = await publishAs(bus, subjects.dlq(found.team, "replayed"), record);
  // The record marks the entry replayed (list leaves it out, replay refuses it); deleting it is tidiness.
  const deleted = await jsm.streams.deleteMessage(DLQ_STREAM, id).catch(() => false);
  const outcome = found.task_id ? await bus.objects.getJson<{ status?: string }>(outcomeRef(found.task_id)) : null;
  return {
    id,
    original_subject: meta.original_subject,
    subject: record.replayed.subject,
    message_id: messageId,
    stream: ack.stream,
    sequence: ack.seq,
    duplicate: ack.duplicate,
    ...(found.task_id ? { task_id: found.task_id } : {}),
    ...(outcome?.status ? { task_ended: outcome.status } : {}),
    record_id: recorded.seq,
    deleted,
  };
}
