import type { Agreement, LeaderboardFilter, LeaderboardReport, LeaderboardRow } from "@flotilla/quality";
import { fixed, html, percent, type Html } from "../html.ts";

const DIMENSIONS = ["correctness", "code_quality", "completeness", "efficiency", "clarity"] as const;

function dimension(row: LeaderboardRow, name: (typeof DIMENSIONS)[number]): Html {
  const d = row.dimensions[name];
  return d.mean === null
    ? html`<td class="muted" title="${d.missing ?? ""}">—</td>`
    : html`<td title="n ${d.n}">${fixed(d.mean)}</td>`;
}

function rows(list: LeaderboardRow[]): Html {
  if (list.length === 0) return html`<p class="muted">No quality record yet: the board fills as tasks run.</p>`;
  return html`<table class="leaderboard">
    <thead>
      <tr>
        <th>type</th>
        <th>role</th>
        <th>rank</th>
        <th>model</th>
        <th>team</th>
        <th>tasks</th>
        <th>quality (90% interval)</th>
        ${DIMENSIONS.map((d) => html`<th>${d.replace("_", " ")}</th>`)}
        <th>latency</th>
        <th>tokens</th>
        <th>approval</th>
      </tr>
    </thead>
    <tbody>
      ${list.map(
        (r) =>
          html`<tr>
            <td>${r.task_type}</td>
            <td>${r.role}</td>
            <td>${r.rank}</td>
            <td class="model">${r.provider}/${r.model}${r.simulated ? html` <span class="badge">sim</span>` : ""}</td>
            <td>${r.team}</td>
            <td>${r.tasks}</td>
            <td>
              ${fixed(r.quality.mean)} [${fixed(r.quality.low)}, ${fixed(r.quality.high)}]
              <span class="muted">n ${r.quality.n}</span>
            </td>
            ${DIMENSIONS.map((d) => dimension(r, d))}
            <td>${r.latency_ms === null ? "—" : `${Math.round(r.latency_ms)} ms`}</td>
            <td>${r.tokens ?? "—"}</td>
            <td>${percent(r.approval)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function agreement(list: Agreement[]): Html {
  if (list.length === 0) return html`<p class="muted">No two models have voted together yet.</p>`;
  return html`<table class="agreement">
    <thead>
      <tr>
        <th>model</th>
        <th>model</th>
        <th>votes together</th>
        <th>agreed</th>
        <th>rate</th>
        <th></th>
      </tr>
    </thead>
    <tbody>
      ${list.map(
        (a) =>
          html`<tr class="${a.redundant ? "redundant" : ""}">
            <td class="model">${a.a}</td>
            <td class="model">${a.b}</td>
            <td>${a.votes}</td>
            <td>${a.agreed}</td>
            <td>${percent(a.rate)}</td>
            <td>${a.note ?? ""}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

const field = (name: keyof LeaderboardFilter, value: string | undefined, hint: string) =>
  html`<input name="${name}" value="${value ?? ""}" placeholder="${hint}" />`;

/** The leaderboard (per task type and role, with uncertainty) and how often models vote alike. */
export function renderLeaderboard(report: LeaderboardReport, filter: LeaderboardFilter): Html {
  return html`<h1>Leaderboard</h1>
    <form class="filters" method="get" action="/leaderboard">
      ${field("task_type", filter.task_type, "task type or kind")}${field("role", filter.role, "role")}
      ${field("team", filter.team, "team")}${field("model", filter.model, "model")}
      <button type="submit">filter</button>
    </form>
    <p class="muted">
      ${report.records} quality records, ${report.ballots} ballots (Qdrant quality_metrics, team_votes)
    </p>
    ${rows(report.rows)}
    <h2>Model agreement</h2>
    ${agreement(report.agreement)}`;
}
