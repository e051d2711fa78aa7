import { decode, ids, ObjectRef, type DlqEntry, type DlqReplayed } from "@flotilla/contracts";
import type { DlqDetail, DlqReplayRecord, StoredDlq } from "./dlq-admin.ts";
import type { Bus } from "./types.ts";

/** zod's report spans lines; a listing shows one. */
const oneLine = (text: string) => text.replace(/\s*\n\s*/g, " ");

const lenient = (text: string): Record<string, unknown> => {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/**
 * The object-store reference of an entry whose original was too large to keep inline: any
 * `{object_store, key}` value among its metadata, whatever the field is called.
 */
export function bodyRefOf(raw: Uint8Array): ObjectRef | undefined {
  const meta = lenient(new TextDecoder().decode(raw)).dlq_metadata;
  if (!meta || typeof meta !== "object") return undefined;
  for (const v of Object.values(meta)) {
    const ref = ObjectRef.safeParse(v);
    if (ref.success) return ref.data;
  }
  return undefined;
}

/** The task an entry is about: its metadata's, or the one a request without a task id gets. */
export function taskOfEntry(entry: DlqEntry, original: string | undefined): string | undefined {
  const meta = entry.dlq_metadata;
  if (meta.task_id) return meta.task_id;
  if (meta.original_subject !== "system.task.request" || original === undefined) return undefined;
  const o = lenient(original);
  if (typeof o.task_id === "string") return o.task_id;
  return typeof o.message_id === "string" ? ids.taskFromRequest(o.message_id) : undefined;
}

/**
 * Reads one stored DLQ message fully: the entry, its original (fetched when referenced) and
 * whether it replays; `replay` is the record of a replay already made of it.
 */
export async function readDlq(bus: Bus, m: StoredDlq, replay?: DlqReplayRecord): Promise<DlqDetail> {
  const [, team = "", reason = ""] = m.subject.split(".");
  const base = { id: m.seq, subject: m.subject, team, reason, time: m.time.toISOString() };
  const decoded = decode<DlqEntry | DlqReplayed>(m.subject, m.data);
  if (!decoded.ok)
    return {
      ...base,
      replayable: false,
      not_replayable: `not a readable DLQ entry (${decoded.reason}): ${oneLine(decoded.detail)}`,
    };
  if (decoded.name !== "DlqEntry")
    return { ...base, replayable: false, not_replayable: `a ${decoded.name} record, not an entry` };
  const entry = decoded.message as DlqEntry;
  const meta = entry.dlq_metadata;
  const body_ref = bodyRefOf(m.data);
  const original = body_ref ? ((await bus.objects.getText(body_ref)) ?? undefined) : meta.original_message;
  const listing = {
    ...base,
    original_subject: meta.original_subject,
    task_id: taskOfEntry(entry, original),
    failure_reason: meta.failure_reason,
    failure_count: meta.failure_count,
  };
  const detail = { ...listing, entry, original, ...(body_ref ? { body_ref } : {}) };
  if (replay)
    return {
      ...detail,
      replayed: replay,
      replayable: false,
      not_replayable:
        `replayed already at ${replay.timestamp} by ${replay.requested_by}, as message ${replay.replayed.message_id}` +
        ` (record ${replay.id})`,
    };
  if (original === undefined)
    return {
      ...detail,
      replayable: false,
      not_replayable: `its original's body ${body_ref!.object_store}/${body_ref!.key} is no longer in the object store`,
    };
  const again = decode<Record<string, unknown>>(meta.original_subject, original);
  if (!again.ok)
    return {
      ...detail,
      replayable: false,
      not_replayable:
        `its original is ${again.reason} (${oneLine(again.detail)}); it cannot be replayed as is: ` +
        "fix the sender and publish it again, then purge this entry",
    };
  return { ...detail, replayable: true, message: again.message };
}
