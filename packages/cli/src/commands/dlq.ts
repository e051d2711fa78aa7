import {
  getDlq,
  listDlq,
  listDlqReplays,
  purgeDlq,
  replayDlq,
  BusError,
  type Bus,
  type DlqFilter,
  type DlqListing,
} from "@flotilla/bus";
import { cliBus } from "../connect.ts";
import { note, out } from "../say.ts";

export interface DlqListFlags extends DlqFilter {
  json?: boolean;
  replayed?: boolean;
}

async function withBus<T>(fn: (bus: Bus) => Promise<T>): Promise<T> {
  const bus = await cliBus();
  try {
    return await fn(bus);
  } finally {
    await bus.close();
  }
}

/** An entry id as typed on the command line: a positive integer, or exit 1 saying so. */
function entryId(text: string): number {
  const id = Number(text);
  if (!Number.isSafeInteger(id) || id < 1)
    throw new BusError(`${JSON.stringify(text)} is not a DLQ entry id (see dlq list)`);
  return id;
}

const cut = (text: string, n: number) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);
const filterText = (f: DlqFilter) =>
  Object.entries({ team: f.team, reason: f.reason, task: f.task })
    .filter(([, v]) => v)
    .map(([k, v]) => `--${k} ${v}`)
    .join(" ") || "none";

/** Two lines an entry: where it is and whether it replays, then why it failed (or why it cannot replay). */
function line(e: DlqListing): string {
  const why = (e.failure_reason ?? e.not_replayable ?? "").replace(/\s+/g, " ");
  return (
    `${String(e.id).padStart(5)}  ${e.time.slice(0, 19).replace("T", " ")}  ${e.team}/${e.reason}` +
    `  ${e.original_subject ?? "?"}${e.task_id ? `  task ${e.task_id}` : ""}` +
    `  ${e.replayable ? "replayable" : "not replayable"}\n       ${cut(why, 160)}`
  );
}

/** `flotilla dlq list`: entries oldest first, with the id show/replay/purge take; `--replayed`: the replay records. */
export async function runDlqList(flags: DlqListFlags): Promise<number> {
  const filter: DlqFilter = { team: flags.team, reason: flags.reason, task: flags.task };
  if (flags.replayed) {
    const records = await withBus((bus) => listDlqReplays(bus, filter));
    if (flags.json) out(JSON.stringify(records, null, 2));
    else if (!records.length) out("no replays recorded");
    for (const r of flags.json ? [] : records)
      out(
        `${String(r.id).padStart(5)}  ${r.timestamp.slice(0, 19).replace("T", " ")}  entry ${r.entry.id} ${r.entry.original_subject}` +
          ` → ${r.replayed.subject} as ${r.replayed.message_id} (${r.replayed.stream} #${r.replayed.sequence}) by ${r.requested_by}`,
      );
    return 0;
  }
  const entries = await withBus((bus) => listDlq(bus, filter));
  if (flags.json) {
    out(JSON.stringify(entries, null, 2));
    return 0;
  }
  for (const e of entries) out(line(e));
  const replayable = entries.filter((e) => e.replayable).length;
  out(
    entries.length
      ? `${entries.length} entr${entries.length === 1 ? "y" : "ies"} (${replayable} replayable)`
      : `no DLQ entries (filter: ${filterText(filter)})`,
  );
  return 0;
}

/** `flotilla dlq show ID`: the entry's metadata and its original message. */
export async function runDlqShow(idText: string, flags: { json?: boolean }): Promise<number> {
  const id = entryId(idText);
  const d = await withBus((bus) => getDlq(bus, id));
  if (!d) {
    note(`no DLQ entry ${id} (already replayed or purged?); dlq list shows the entries`);
    return 1;
  }
  if (flags.json) {
    out(JSON.stringify(d, null, 2));
    return 0;
  }
  const meta = d.entry?.dlq_metadata;
  out(`DLQ entry ${d.id} on ${d.subject}, stored ${d.time}`);
  if (meta) {
    out(`  original subject: ${meta.original_subject}${d.task_id ? `, task ${d.task_id}` : ""}`);
    out(
      `  consumer ${meta.consumer} of ${meta.team}, ${meta.failure_count} attempt(s) from ${meta.first_failure_timestamp}`,
    );
    out(`  failure: ${meta.failure_reason}`);
  }
  if (d.body_ref) out(`  body kept in the object store: ${d.body_ref.object_store}/${d.body_ref.key}`);
  out(d.replayable ? "  replayable: yes (dlq replay ID)" : `  replayable: no — ${d.not_replayable}`);
  if (d.original !== undefined) {
    out("original message:");
    out(d.message ? JSON.stringify(JSON.parse(d.original), null, 2) : d.original);
  }
  return 0;
}

/** `flotilla dlq replay ID`: validate the original again, re-publish it under a new id, record it. */
export async function runDlqReplay(idText: string): Promise<number> {
  const id = entryId(idText);
  const requestedBy = `${process.env.USER ?? "someone"} (flotilla dlq replay)`;
  try {
    const r = await withBus((bus) => replayDlq(bus, id, { requestedBy }));
    out(
      `replayed DLQ entry ${r.id}: ${r.subject} as message ${r.message_id} (${r.stream} #${r.sequence})` +
        `${r.task_id ? `, task ${r.task_id}` : ""}; recorded as DLQ #${r.record_id}` +
        `${r.deleted ? ", entry deleted" : ", entry kept and marked replayed"}`,
    );
    if (r.duplicate) note("JetStream had this replay already (replayed moments ago): it was not published twice");
    if (r.task_ended)
      note(`task ${r.task_id} had already ${r.task_ended}: its outcome stands, the replay changes nothing for it`);
    return 0;
  } catch (err) {
    if (!BusError.is(err) || err.isRetryable) throw err;
    note(err.message);
    return 1;
  }
}

/** `flotilla dlq purge [ID...]`: named ids at once; a filter (or everything) only with --yes. */
export async function runDlqPurge(idTexts: string[], flags: DlqFilter & { yes?: boolean }): Promise<number> {
  const filter: DlqFilter = { team: flags.team, reason: flags.reason, task: flags.task };
  if (idTexts.length && filterText(filter) !== "none") {
    note("name entry ids or give a filter (--team, --reason, --task), not both");
    return 1;
  }
  const ids = idTexts.map(entryId);
  return withBus(async (bus) => {
    if (!ids.length && !flags.yes) {
      const n = (await listDlq(bus, filter)).length;
      out(`${n} DLQ entr${n === 1 ? "y matches" : "ies match"} (filter: ${filterText(filter)})`);
      if (n) note("nothing deleted: run again with --yes to delete them");
      return n ? 1 : 0;
    }
    const r = await purgeDlq(bus, ids.length ? { ids } : filter);
    out(
      `purged ${r.purged.length} DLQ entr${r.purged.length === 1 ? "y" : "ies"}${r.purged.length ? `: ${r.purged.join(", ")}` : ""}`,
    );
    if (r.missing.length) note(`not in the DLQ: ${r.missing.join(", ")}`);
    return r.missing.length ? 1 : 0;
  });
}
