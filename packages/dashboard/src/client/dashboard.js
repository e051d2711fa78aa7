/* global document, window, EventSource, DOMParser, fetch, performance, setTimeout */
// The dashboard's only script. Live updates arrive as server-sent events (JSON, shown with
// textContent); rows and sections are re-fetched as HTML the server escaped, parsed inertly with
// DOMParser (scripts in it never run), so no model text is ever turned into markup here.

const body = document.body;
const live = body.dataset.live;
const taskId = body.dataset.task;

const parse = (html, wrap) => {
  const doc = new DOMParser().parseFromString(wrap ? `<table><tbody>${html}</tbody></table>` : html, "text/html");
  return wrap ? doc.querySelector("tbody > tr") : doc.body;
};

/** `qa test dev-1-test: voting (attempt 2)`, as the server writes it. */
const progressLine = (p) =>
  `${[p.team, p.step, p.packet_id].filter(Boolean).join(" ")}: ${p.phase}${p.attempt > 1 ? ` (attempt ${p.attempt})` : ""}`;

/** Runs `job(key)` once per key after `ms`, however often it is asked for meanwhile. */
function debounced(ms, job) {
  const pending = new Map();
  return (key) => {
    if (pending.has(key)) return;
    pending.set(
      key,
      setTimeout(() => (pending.delete(key), job(key)), ms),
    );
  };
}

function drawDiagrams() {
  const mermaid = window.mermaid;
  if (!mermaid) return;
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral" });
  mermaid.run({ querySelector: "pre.mermaid:not([data-processed])" }).catch(() => undefined);
}

// --- the task list -------------------------------------------------------------------------
const rows = document.getElementById("tasks");
const form = document.getElementById("task-filter");

function visible(row) {
  if (!form) return true;
  const q = form.elements.q.value.trim().toLowerCase();
  const status = form.elements.status.value;
  const mode = form.elements.mode.value;
  return (
    (!status || row.dataset.status === status) &&
    (!mode || row.dataset.mode === mode) &&
    (!q || row.cells[0].textContent.toLowerCase().includes(q))
  );
}

function applyFilter() {
  let shown = 0;
  for (const row of rows.rows) {
    row.hidden = !visible(row);
    if (!row.hidden) shown += 1;
  }
  const count = document.getElementById("task-count");
  if (count) count.textContent = `${shown} of ${rows.rows.length} tasks`;
}

const refreshRow = debounced(100, async (id) => {
  const res = await fetch(`/tasks/${id}/row`);
  const old = rows.querySelector(`tr[data-task="${id}"]`);
  if (res.status === 404) return old?.remove();
  if (!res.ok) return;
  const row = parse(await res.text(), true);
  if (!row) return;
  row.hidden = !visible(row);
  if (old) old.replaceWith(row);
  else rows.prepend(row);
  applyFilter();
});

function onListEvent(name, data) {
  if (name === "progress") {
    const cell = rows.querySelector(`tr[data-task="${data.task_id}"] .step`);
    if (cell) cell.textContent = progressLine(data);
  }
  refreshRow(data.task_id);
}

// --- one task --------------------------------------------------------------------------------
/** Which folds are open, by the section they are in and their title (counts left out). */
const foldKey = (d) =>
  `${d.closest("[id]")?.id ?? ""}|${d
    .querySelector("summary")
    ?.textContent.replace(/\(\d+[^)]*\)/g, "")
    .trim()}`;

const refreshTask = debounced(250, async () => {
  const res = await fetch(`/tasks/${taskId}/body`);
  const target = document.getElementById("task-body");
  if (!res.ok || !target) return;
  const open = new Map([...target.querySelectorAll("details")].map((d) => [foldKey(d), d.open]));
  const fresh = parse(await res.text(), false);
  for (const d of fresh.querySelectorAll("details")) if (open.has(foldKey(d))) d.open = open.get(foldKey(d));
  target.replaceChildren(...document.adoptNode(fresh).childNodes);
  drawDiagrams();
});

// --- the event stream ------------------------------------------------------------------------
function connect() {
  const state = document.getElementById("live-state");
  const events = new EventSource("/live");
  events.onopen = () => state && (state.textContent = "live");
  events.onerror = () => state && (state.textContent = "reconnecting…");
  for (const name of ["progress", "task", "outcome"])
    events.addEventListener(name, (e) => {
      const data = JSON.parse(e.data);
      if (live === "tasks" && rows) onListEvent(name, data);
      if (live === "task" && data.task_id === taskId) refreshTask(taskId);
    });
}

document.addEventListener("DOMContentLoaded", () => {
  // The server filtered the list already; the client filters again only as the person types.
  if (form && rows) form.addEventListener("input", applyFilter);
  drawDiagrams();
  if (live) connect();
  window.__dashboardReady = performance.now();
  // The next frame after it: the rows have been laid out and painted.
  window.requestAnimationFrame(() => setTimeout(() => (window.__dashboardPainted = performance.now())));
});
