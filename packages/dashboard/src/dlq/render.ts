import type { DlqDetail, DlqListing } from "@flotilla/bus";
import { html, time, type Html } from "../html.ts";
import { table, type Column } from "../html/table.ts";

const COLUMNS: Column<DlqListing>[] = [
  { head: "id", cell: (e) => html`<a href="/dlq/${e.id}">${e.id}</a>` },
  { head: "time (UTC)", cell: (e) => time(e.time) },
  { head: "team", cell: (e) => e.team },
  { head: "reason", cell: (e) => e.reason },
  { head: "subject", cell: (e) => html`<code>${e.original_subject ?? e.subject}</code>` },
  {
    head: "task",
    cell: (e) => (e.task_id ? html`<a href="/tasks/${e.task_id}"><code>${e.task_id.slice(0, 8)}</code></a>` : "—"),
  },
  {
    head: "failure",
    cell: (e) =>
      html`${e.failure_reason ?? ""}${e.failure_count ? html` <span class="muted">(${e.failure_count}×)</span>` : ""}`,
    td: { class: "reason" },
  },
  { head: "replays", cell: (e) => (e.replayable ? "yes" : html`<span title="${e.not_replayable ?? ""}">no</span>`) },
];

/** The DLQ entries waiting for someone, oldest first, each with why it failed. */
export const renderDlqList = (entries: DlqListing[]): Html =>
  table(COLUMNS, entries, { class: "dlq", empty: "The DLQ is empty." });

/** One entry: where and why it failed, and its original message, as text. */
export function renderDlqDetail(d: DlqDetail): Html {
  return html`<h1>DLQ entry ${d.id}</h1>
    <dl class="facts">
      <dt>stored</dt>
      <dd>${time(d.time)} UTC on <code>${d.subject}</code></dd>
      <dt>original subject</dt>
      <dd><code>${d.original_subject ?? "—"}</code></dd>
      <dt>task</dt>
      <dd>${d.task_id ? html`<a href="/tasks/${d.task_id}">${d.task_id}</a>` : "—"}</dd>
      <dt>failure</dt>
      <dd class="reason">${d.failure_reason ?? "—"}${d.failure_count ? ` (${d.failure_count} deliveries)` : ""}</dd>
      <dt>replay</dt>
      <dd>${d.replayable ? "would re-publish (flotilla dlq replay)" : (d.not_replayable ?? "no")}</dd>
    </dl>
    ${
      d.entry
        ? html`<h2>Entry</h2>
            <pre>${JSON.stringify(d.entry.dlq_metadata, null, 2)}</pre>`
        : ""
    }
    <h2>Original message</h2>
    ${d.original === undefined ? html`<p class="muted">not kept</p>` : html`<pre>${d.original}</pre>`}`;
}
