import type { TaskProgress } from "@flotilla/contracts";
import type { WorkflowState } from "@flotilla/team-leadership/state";
import { between, duration, html, time, type Html } from "../html.ts";
import { table, type Column } from "../html/table.ts";
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

/** The step's packet (a dash for none or an empty id), linking to its section, and what it waits for. */
const packet = (step: StepView) =>
  html`<a href="#step-${step.key}">${step.packet_id || "—"}</a>
    ${step.implied ? html`<span class="muted">(added)</span>` : ""}
    ${step.depends_on.length ? html`<span class="muted">after ${step.depends_on.join(", ")}</span>` : ""}`;

const columns = (state: WorkflowState, recent: TaskProgress[]): Column<StepView>[] => [
  { head: "team", cell: (s) => s.team },
  { head: "step", cell: (s) => s.step },
  { head: "packet", cell: packet },
  { head: "status", cell: (s) => html`<span class="status ${s.status}">${s.status}</span>` },
  { head: "rounds", cell: (s) => s.rounds },
  { head: "attempts", cell: (s) => (s.record ? s.record.vote.attempts : "—") },
  { head: "after", cell: (s) => (s.started_at ? duration(between(state.started_at, s.started_at)) : "—") },
  { head: "took", cell: (s) => duration(between(s.started_at, s.finished_at)) },
  {
    head: "now",
    cell: (s) => {
      const now = latest(recent, s);
      return now ? progressLine(now) : "";
    },
    td: { class: "now" },
  },
  { head: "time", cell: (s) => bar(state, s), td: { class: "axis" } },
];

/**
 * The task across teams and packets: one row per piece of work, with its rounds (work sent
 * back), vote attempts (retries), times and where it is now; then the workflow's own history.
 */
export function renderTimeline(state: WorkflowState, steps: StepView[], recent: TaskProgress[]): Html {
  return html`${table(columns(state, recent), steps, { class: "timeline", tr: (s) => ({ "data-step-key": s.key }) })}
    <details class="history">
      <summary>History (${state.history.length} events)</summary>
      <ol>
        ${state.history.map((h) => html`<li><span class="muted">${time(h.at)}</span> ${h.event}</li>`)}
      </ol>
    </details>`;
}
