import type { JetStreamManager, MsgRequest } from "@nats-io/jetstream";
import type { DlqEntry, DlqReplayed, ObjectRef, StreamName } from "@flotilla/contracts";
import { BusError, natsFailure } from "./errors.ts";
import { headerRecord } from "./publish.ts";

/** The stream `dlq.>` is kept on (90 days). */
export const DLQ_STREAM: StreamName = "DLQ";

/** Which DLQ entries: every field left out matches all. */
export interface DlqFilter {
  /** The team whose consumer gave up (`dlq.<team>.*`). */
  team?: string;
  /** `handler_failed`, `invalid_json`, `schema_violation`, ... (`dlq.*.<reason>`). */
  reason?: string;
  /** Entries about this task. */
  task?: string;
}

/** One DLQ entry as `flotilla dlq list` and `dlq_list` show it. */
export interface DlqListing {
  /** The entry's sequence in the DLQ stream: its id for show, replay and purge. */
  id: number;
  subject: string;
  team: string;
  reason: string;
  /** When the entry was stored. */
  time: string;
  original_subject?: string;
  task_id?: string;
  failure_reason?: string;
  failure_count?: number;
  /** The original passes the catalogue today, so `replay` would re-publish it. */
  replayable: boolean;
  /** Why it cannot be replayed as is (or why the entry itself cannot be read). */
  not_replayable?: string;
}

/** One entry with its original message, for `flotilla dlq show`. */
export interface DlqDetail extends DlqListing {
  entry?: DlqEntry;
  /** The original payload (from the object store when the entry only references it). */
  original?: string;
  /** Where the original's body is kept, when the entry references it instead of holding it. */
  body_ref?: ObjectRef;
  /** The original, decoded and validated against the catalogue, when it passes. */
  message?: Record<string, unknown>;
  /** The replay already made of it, when its entry could not be deleted then (see replayDlq). */
  replayed?: DlqReplayRecord;
}

/** A `dlq.<team>.replayed` record with its own id in the DLQ stream. */
export type DlqReplayRecord = DlqReplayed & { id: number };

/** A stored message of the DLQ stream, however it was read. */
export interface StoredDlq {
  seq: number;
  subject: string;
  time: Date;
  data: Uint8Array;
  headers: Record<string, string>;
}

/** Filter tokens end up in a subject: one token each, or the filter would match something else. */
function token(name: string, value: string | undefined): string {
  if (value === undefined || value === "") return "*";
  if (!/^[\w-]+$/.test(value)) throw new BusError(`invalid DLQ ${name} filter ${JSON.stringify(value)}`);
  return value;
}

export const dlqFilterSubject = (f: DlqFilter) => `dlq.${token("team", f.team)}.${token("reason", f.reason)}`;

/**
 * Every message of the DLQ stream on `subject` (a filter), oldest first: one stream message get
 * per match (`next_by_subj`, answered by nats-server 2.9). It needs only the stream's message-get
 * permission, which every reader of the DLQ has: no consumer is created.
 */
export async function scanDlq(jsm: JetStreamManager, subject: string, visit: (m: StoredDlq) => void): Promise<void> {
  for (let seq = 1; ;) {
    // nats.js types only `seq` and `last_by_subj` for this request; the server takes `next_by_subj` too.
    const query = { seq, next_by_subj: subject } as unknown as MsgRequest;
    const m = await jsm.streams.getMessage(DLQ_STREAM, query).catch((err: unknown) => {
      throw natsFailure("reading the DLQ failed", err, { subject, seq });
    });
    if (!m) return;
    visit({ seq: m.seq, subject: m.subject, time: m.time, data: m.data, headers: headerRecord(m.header) });
    seq = m.seq + 1;
  }
}
