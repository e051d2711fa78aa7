import type { LedgerCounts } from "@flotilla/contracts";
import type { Ledger } from "@flotilla/ledger";
import { duration, html, time, type Html } from "../html.ts";

const HEADS = ["calls", "failed", "tokens in", "tokens out", "latency", "max", "retries", "fallbacks"];

const cells = (c: LedgerCounts) =>
  [
    c.calls,
    c.failed,
    c.input_tokens,
    c.output_tokens,
    duration(c.latency_ms),
    duration(c.latency_max_ms),
    c.retries,
    c.fallbacks,
  ].map((v) => html`<td>${v}</td>`);

function table(first: string, rows: Array<{ name: Html | string; counts: LedgerCounts }>): Html {
  return html`<table class="ledger">
    <thead>
      <tr>
        <th>${first}</th>
        ${HEADS.map((h) => html`<th>${h}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr>
            <td>${r.name}</td>
            ${cells(r.counts)}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** One task's ledger: a line per team, agent and serving model, then the total. */
export function renderLedger(ledger: Ledger | undefined): Html {
  if (!ledger) return html`<p class="muted">No model call counted for this task (yet).</p>`;
  return html`<p class="muted">
      calls from ${time(ledger.first_at)} to ${time(ledger.last_at)} UTC; models ${ledger.models.join(", ") || "—"}
    </p>
    ${table("team · agent · model", [
      ...ledger.lines.map((l) => ({ name: `${l.team} · ${l.agent} · ${l.provider}/${l.model}`, counts: l })),
      ...(ledger.other ? [{ name: "other", counts: ledger.other }] : []),
      { name: "total", counts: ledger.totals },
    ])}`;
}

/** The most recently active tasks' totals, latest first. */
export function renderLedgerList(ledgers: Ledger[]): Html {
  if (ledgers.length === 0) return html`<p class="muted">No model call counted yet.</p>`;
  return table(
    "task (last call, UTC)",
    ledgers.map((l) => ({
      name: l.task_id
        ? html`<a href="/tasks/${l.task_id}"><code>${l.task_id.slice(0, 8)}</code></a> ${time(l.last_at)}`
        : `${l.key} ${time(l.last_at)}`,
      counts: l.totals,
    })),
  );
}
