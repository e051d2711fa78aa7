import { JetStreamApiCodes, JetStreamApiError } from "@nats-io/jetstream";
import { decode, type DlqReplayed } from "@flotilla/contracts";
import {
  DLQ_STREAM,
  dlqFilterSubject,
  scanDlq,
  type DlqDetail,
  type DlqFilter,
  type DlqListing,
  type DlqReplayRecord,
  type StoredDlq,
} from "./dlq-admin.ts";
import { readDlq } from "./dlq-admin-read.ts";
import { natsFailure } from "./errors.ts";
import { busInternals } from "./internals.ts";
import { headerRecord } from "./publish.ts";
import type { Bus } from "./types.ts";

const isReplayRecord = (subject: string) => subject.endsWith(".replayed");

const listingOf = ({ entry: _e, original: _o, message: _m, body_ref: _b, replayed: _r, ...listing }: DlqDetail) =>
  listing satisfies DlqListing;

/** What was replayed, by whom and as which message: the `dlq.<team>.replayed` records, oldest first. */
export async function listDlqReplays(bus: Bus, filter: Omit<DlqFilter, "reason"> = {}): Promise<DlqReplayRecord[]> {
  const records: DlqReplayRecord[] = [];
  await scanDlq(busInternals(bus).jsm, dlqFilterSubject({ team: filter.team, reason: "replayed" }), (m) => {
    const d = decode<DlqReplayed>(m.subject, m.data);
    if (d.ok && (!filter.task || d.message.task_id === filter.task)) records.push({ id: m.seq, ...d.message });
  });
  return records;
}

/** Every entry matching `filter`, read fully, with the replay already made of it if any. */
async function entries(bus: Bus, filter: DlqFilter): Promise<DlqDetail[]> {
  const stored: StoredDlq[] = [];
  await scanDlq(busInternals(bus).jsm, dlqFilterSubject(filter), (m) => {
    if (!isReplayRecord(m.subject)) stored.push(m);
  });
  const replays = new Map((await listDlqReplays(bus, { team: filter.team })).map((r) => [r.entry.id, r]));
  const read = await Promise.all(stored.map((m) => readDlq(bus, m, replays.get(m.seq))));
  return read.filter((d) => !filter.task || d.task_id === filter.task);
}

/**
 * The DLQ entries matching `filter` that still wait for someone, oldest first: each with its id
 * (its DLQ stream sequence) and whether its original would replay. Replay records, and entries
 * replayed already, are left out.
 *
 * @example
 * const stuck = await listDlq(bus, { team: "development", reason: "handler_failed" });
 */
export async function listDlq(bus: Bus, filter: DlqFilter = {}): Promise<DlqListing[]> {
  return (await entries(bus, filter)).filter((d) => !d.replayed).map(listingOf);
}

/**
 * One DLQ entry by id, with its original message (fetched from the object store when the entry
 * only references it); undefined when no message has that id.
 */
export async function getDlq(bus: Bus, id: number): Promise<DlqDetail | undefined> {
  let stored;
  try {
    stored = await busInternals(bus).jsm.streams.getMessage(DLQ_STREAM, { seq: id });
  } catch (err) {
    throw natsFailure(`reading DLQ entry ${id} failed`, err, { id });
  }
  if (!stored) return undefined;
  const { seq, subject, time, data } = stored;
  const team = subject.split(".")[1];
  const replay = isReplayRecord(subject)
    ? undefined
    : (await listDlqReplays(bus, { team })).find((r) => r.entry.id === id);
  return readDlq(bus, { seq, subject, time, data, headers: headerRecord(stored.header) }, replay);
}

/** What a purge did: the ids deleted, and the named ids that were not there. */
export interface DlqPurged {
  purged: number[];
  missing: number[];
}

/** A delete of a sequence that holds nothing: past the end (`stream store EOF`) or already deleted. */
const isMissing = (err: unknown) =>
  err instanceof JetStreamApiError &&
  (err.code === JetStreamApiCodes.NoMessageFound || /no message found|EOF/i.test(err.message));

/**
 * Deletes DLQ messages by id: exactly `ids` when given, else every entry matching `filter` (with
 * an empty filter, all of them), replayed ones included. Replay records stay unless named by id.
 *
 * @example
 * const { purged } = await purgeDlq(bus, { reason: "invalid_json" });
 */
export async function purgeDlq(bus: Bus, filter: DlqFilter & { ids?: number[] } = {}): Promise<DlqPurged> {
  const targets = filter.ids ?? (await entries(bus, filter)).map((e) => e.id);
  const { jsm } = busInternals(bus);
  const out: DlqPurged = { purged: [], missing: [] };
  for (const id of targets) {
    try {
      await jsm.streams.deleteMessage(DLQ_STREAM, id);
      out.purged.push(id);
    } catch (err) {
      if (isMissing(err)) out.missing.push(id);
      else throw natsFailure(`deleting DLQ entry ${id} failed`, err, { id });
    }
  }
  return out;
}
