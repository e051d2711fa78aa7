import type { TaskProgress } from "@flotilla/contracts";
import type { WorkflowState } from "@flotilla/team-leadership/state";
import { between, duration, html, time, type Html } from "../html.ts";
import { progressLine } from "../tasks/row.ts";
import type { StepView } from "./steps.ts";

/** Where a step's bar sits on the task's time axis, in percent; none without both ends. */
function bar(state: WorkflowState, step: StepView): Html {
  if (!step.started_at) return html``;
  const total = between(state.started_at, state.finished_at) ?? 0;
  const from = between(state.started_at, step.started_at);
  const length = between(step.started_at, step.finished_at ?? state.finished_at);
  if (total <= 0 || from === undefined || length === undefined) return html``;
  const left = Math.max(0, Math.min(100, (from / total) * 100));
  const width = Math.max(0.5, Math.min(100 - left, (length / total) * 100));
  return html`<span
    class="bar ${step.status}"
    style="margin-left:${left.toFixed(1)}%;width:${width.toFixed(1)}%"
  ></span>`;
}

/** The latest progress of one step, from the live feed. */
const latest = (recent: TaskProgress[], step: StepView) =>
  recent.findLast((p) => p.team === step.team && p.step === step.step && (p.packet_id ?? undefined) === step.packet_id);

/**
 * The task across teams and packets: one row per piece of work, with its rounds (work sent
 * back), vote attempts (retries), times and where it is now; then the workflow's own history.
 */
export function renderTimeline(state: WorkflowState, steps: StepView[], recent: TaskProgress[]): Html {
  return html`<table class="timeline">
      <thead>
        <tr>
          <th>team</th>
          <th>step</th>
          <th>packet</th>
          <th>status</th>
          <th>rounds</th>
          <th>attempts</th>
          <th>after</th>
          <th>took</th>
          <th>now</th>
          <th class="axis">time</th>
        </tr>
      </thead>
      <tbody>
        ${steps.map((step) => {
          const now = latest(recent, step);
          return html`<tr data-step-key="${step.key}">
            <td>${step.team}</td>
            <td>${step.step}</td>
            <td>
              ${step.packet_id ? html`<a href="#step-${step.key}">${step.packet_id}</a>` : html`<a href="#step-${step.key}">—</a>`}
              ${step.implied ? html`<span class="muted">(added)</span>` : ""}
              ${step.depends_on.length ? html`<span class="muted">after ${step.depends_on.join(", ")}</span>` : ""}
            </td>
            <td><span class="status ${step.status}">${step.status}</span></td>
            <td>${step.rounds}</td>
            <td>${step.record ? step.record.vote.attempts : "—"}</td>
            <td>${step.started_at ? duration(between(state.started_at, step.started_at)) : "—"}</td>
            <td>${duration(between(step.started_at, step.finished_at))}</td>
            <td class="now">${now ? progressLine(now) : ""}</td>
            <td class="axis">${bar(state, step)}</td>
          </tr>`;
        })}
      </tbody>
    </table>
    <details class="history">
      <summary>History (${state.history.length} events)</summary>
      <ol>
        ${state.history.map((h) => html`<li><span class="muted">${time(h.at)}</span> ${h.event}</li>`)}
      </ol>
    </details>`;
}
