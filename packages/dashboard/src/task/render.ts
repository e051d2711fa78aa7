import type { TaskProgress } from "@flotilla/contracts";
import { between, duration, html, time, unavailable, type Html } from "../html.ts";
import type { Ledger } from "@flotilla/ledger";
import { renderLedger } from "../ledger/render.ts";
import { progressLine } from "../tasks/row.ts";
import { renderDiff } from "./diff.ts";
import type { TaskView } from "./load.ts";
import { renderStep } from "./step.ts";
import { renderTimeline } from "./timeline.ts";

function header(view: TaskView): Html {
  const s = view.state;
  return html`<h1>
      Task <code>${s.task_id}</code>
      <span class="status ${s.status}">${s.status}</span>
      ${s.simulated ? html`<span class="badge">SIMULATION</span>` : ""}
    </h1>
    <p class="description">${s.description}</p>
    <dl class="facts">
      <dt>phase</dt>
      <dd>${s.phase} · ${s.current_step}</dd>
      <dt>type</dt>
      <dd>${s.task_type ?? "—"}</dd>
      <dt>priority</dt>
      <dd>${s.priority}</dd>
      <dt>requester</dt>
      <dd>${s.requester}</dd>
      <dt>started</dt>
      <dd>${time(s.started_at)} UTC</dd>
      <dt>duration</dt>
      <dd>${duration(between(s.started_at, s.finished_at))}${s.finished_at ? "" : " so far"}</dd>
      <dt>repository</dt>
      <dd>${s.repo ? html`<code>${s.repo.path}</code>${s.repo.scratch ? " (scratch)" : ""}` : "—"}</dd>
      ${
        s.resurrections
          ? html`<dt>resumed</dt>
              <dd>${s.resurrections} times by the watchdog</dd>`
          : ""
      }
    </dl>
    ${s.reason ? html`<p class="reason">${s.reason}</p>` : ""}
    ${
      s.quality_flags.length
        ? html`<ul class="flags">
            ${s.quality_flags.map((f) => html`<li>${f}</li>`)}
          </ul>`
        : ""
    }`;
}

function feed(recent: TaskProgress[]): Html {
  if (recent.length === 0) return html`<p class="muted">No progress seen since the dashboard started.</p>`;
  return html`<ol class="feed">
    ${recent.map((p) => html`<li><span class="muted">${time(p.timestamp)}</span> ${progressLine(p)} — ${p.detail}</li>`)}
  </ol>`;
}

export interface TaskExtras {
  recent: TaskProgress[];
  /** The task's model usage, or why it could not be read. */
  ledger: Ledger | undefined | Error;
}

const ledger = (extras: TaskExtras) =>
  extras.ledger instanceof Error ? unavailable("the ledger", extras.ledger) : renderLedger(extras.ledger);

/** The part of the task page the client re-renders when the task moves. */
export function renderTaskBody(view: TaskView, extras: TaskExtras): Html {
  return html`${header(view)}
    <h2>Timeline</h2>
    ${renderTimeline(view.state, view.steps, extras.recent)}
    <details class="section" id="feed">
      <summary>Live progress (${extras.recent.length})</summary>
      ${feed(extras.recent)}
    </details>
    <h2>Steps</h2>
    ${view.steps.map((step) => renderStep(view, step))}
    <h2>Diff</h2>
    <section id="diff">${renderDiff(view.diff)}</section>
    <h2>Ledger</h2>
    <section id="ledger">${ledger(extras)}</section>`;
}
