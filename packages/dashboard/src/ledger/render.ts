import type { LedgerCounts } from "@flotilla/contracts";
import type { Ledger } from "@flotilla/ledger";
import { duration, html, time, type Html } from "../html.ts";
import { table, type Column } from "../html/table.ts";

interface Line {
  name: Html | string;
  counts: LedgerCounts;
}

// @flotilla/ledger renders these counters as padded text and exports neither its columns nor a
// `duration` that writes times as the rest of the page does (`2 min 05 s`, `—`): hence our own.
const count = (head: string, value: (c: LedgerCounts) => number | string): Column<Line> => ({
  head,
  cell: (line) => value(line.counts),
});

const COUNTS: Column<Line>[] = [
  count("calls", (c) => c.calls),
  count("failed", (c) => c.failed),
  count("tokens in", (c) => c.input_tokens),
  count("tokens out", (c) => c.output_tokens),
  count("latency", (c) => duration(c.latency_ms)),
  count("max", (c) => duration(c.latency_max_ms)),
  count("retries", (c) => c.retries),
  count("fallbacks", (c) => c.fallbacks),
];

const ledgerTable = (first: string, lines: Line[]): Html =>
  table([{ head: first, cell: (line) => line.name }, ...COUNTS], lines, { class: "ledger" });

/** One task's ledger: a line per team, agent and serving model, then the total. */
export function renderLedger(ledger: Ledger | undefined): Html {
  if (!ledger) return html`<p class="muted">No model call counted for this task (yet).</p>`;
  return html`<p class="muted">
      calls from ${time(ledger.first_at)} to ${time(ledger.last_at)} UTC; models ${ledger.models.join(", ") || "—"}
    </p>
    ${ledgerTable("team · agent · model", [
      ...ledger.lines.map((l) => ({ name: `${l.team} · ${l.agent} · ${l.provider}/${l.model}`, counts: l })),
      ...(ledger.other ? [{ name: "other", counts: ledger.other }] : []),
      { name: "total", counts: ledger.totals },
    ])}`;
}

/** The most recently active tasks' totals, latest first. */
export function renderLedgerList(ledgers: Ledger[]): Html {
  if (ledgers.length === 0) return html`<p class="muted">No model call counted yet.</p>`;
  return ledgerTable(
    "task (last call, UTC)",
    ledgers.map((l) => ({
      name: l.task_id
        ? html`<a href="/tasks/${l.task_id}"><code>${l.task_id.slice(0, 8)}</code></a> ${time(l.last_at)}`
        : `${l.key} ${time(l.last_at)}`,
      counts: l.totals,
    })),
  );
}
