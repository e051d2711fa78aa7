import type { TaskProgress } from "@flotilla/contracts";
import { clip, duration, html, time, type Html } from "../html.ts";
import type { TaskFilter } from "./filter.ts";
import { elapsed, progressLine, type TaskRow } from "./row.ts";

/**
 * One task's row; the client swaps it in whole when the task's state changes. Without repeated
 * text: a list of 1,000 rows is most of the page's weight.
 */
export function renderRow(row: TaskRow, latest: TaskProgress | undefined): Html {
  const where = latest && row.status === "running" ? progressLine(latest) : `${row.phase} · ${row.current_step}`;
  const mode = row.simulated ? "simulated" : "real";
  const type = row.task_type ? html` <span class="muted">${row.task_type}</span>` : "";
  const link = html`<a href="/tasks/${row.task_id}"><code>${row.task_id.slice(0, 8)}</code></a>`;
  const description = html`<span class="desc">${clip(row.description, 160)}</span>`;
  // Each literal a whole element: prettier formats them as HTML.
  const cells = [
    html`<td class="task">${link} ${description}${type}</td>`,
    html`<td class="state"><span class="status ${row.status}">${row.status}</span></td>`,
    html`<td class="step">${where}</td>`,
    html`<td>${row.packets_done}/${row.packets_total}</td>`,
    html`<td>${row.rounds}</td>`,
    html`<td>${duration(elapsed(row))}</td>`,
    html`<td>${mode}</td>`,
    html`<td>${time(row.started_at)}</td>`,
  ];
  return html`<tr data-task="${row.task_id}" data-status="${row.status}" data-mode="${mode}">
    ${cells}
  </tr>`;
}

const option = (value: string, label: string, current: string) =>
  html`<option value="${value}" ${value === current ? "selected" : ""}>${label}</option>`;

/** The filter form: a GET form (shareable addresses), which the client also applies as you type. */
function filterForm(filter: TaskFilter): Html {
  return html`<form class="filters" method="get" action="/tasks" id="task-filter">
    <input type="search" name="q" value="${filter.q}" placeholder="search id, text, type" autocomplete="off" />
    <select name="status">
      ${option("", "any status", filter.status)}${option("running", "running", filter.status)}
      ${option("completed", "completed", filter.status)}${option("failed", "failed", filter.status)}
    </select>
    <select name="mode">
      ${option("", "simulated or real", filter.mode)}${option("simulated", "simulated", filter.mode)}
      ${option("real", "real", filter.mode)}
    </select>
    <button type="submit">filter</button>
  </form>`;
}

/** The task list: every task the filter lets through, newest first. */
export function renderTaskList(
  rows: TaskRow[],
  total: number,
  filter: TaskFilter,
  latest: (taskId: string) => TaskProgress | undefined,
): Html {
  return html`<h1>Tasks</h1>
    ${filterForm(filter)}
    <p class="muted" id="task-count">${rows.length} of ${total} tasks</p>
    <table class="tasks">
      <colgroup>
        <col class="c-task" />
        <col class="c-status" />
        <col class="c-where" />
        <col class="c-n" />
        <col class="c-n" />
        <col class="c-time" />
        <col class="c-mode" />
        <col class="c-started" />
      </colgroup>
      <thead>
        <tr>
          <th>task</th>
          <th>status</th>
          <th>where</th>
          <th>packets</th>
          <th>rounds</th>
          <th>duration</th>
          <th>provider</th>
          <th>started (UTC)</th>
        </tr>
      </thead>
      <tbody id="tasks">
        ${rows.map((row) => renderRow(row, latest(row.task_id)))}
      </tbody>
    </table>`;
}
