import type { Agreement, LeaderboardFilter, LeaderboardReport, LeaderboardRow } from "@flotilla/quality";
import { fixed, html, percent, type Html } from "../html.ts";
import { table, type Column } from "../html/table.ts";

const DIMENSIONS = ["correctness", "code_quality", "completeness", "efficiency", "clarity"] as const;

const dimension = (name: (typeof DIMENSIONS)[number]): Column<LeaderboardRow> => ({
  head: name.replace("_", " "),
  cell: (r) => fixed(r.dimensions[name].mean),
  // The title says why a mean is missing, or how many ratings it stands on.
  td: (r) => {
    const d = r.dimensions[name];
    return d.mean === null ? { class: "muted", title: d.missing ?? "" } : { title: `n ${d.n}` };
  },
});

const ROW_COLUMNS: Column<LeaderboardRow>[] = [
  { head: "type", cell: (r) => r.task_type },
  { head: "role", cell: (r) => r.role },
  { head: "rank", cell: (r) => r.rank },
  {
    head: "model",
    cell: (r) => html`${r.provider}/${r.model}${r.simulated ? html` <span class="badge">sim</span>` : ""}`,
    td: { class: "model" },
  },
  { head: "team", cell: (r) => r.team },
  { head: "tasks", cell: (r) => r.tasks },
  {
    head: "quality (90% interval)",
    cell: (r) =>
      html`${fixed(r.quality.mean)} [${fixed(r.quality.low)}, ${fixed(r.quality.high)}]
        <span class="muted">n ${r.quality.n}</span>`,
  },
  ...DIMENSIONS.map(dimension),
  { head: "latency", cell: (r) => (r.latency_ms === null ? "—" : `${Math.round(r.latency_ms)} ms`) },
  { head: "tokens", cell: (r) => r.tokens ?? "—" },
  { head: "approval", cell: (r) => percent(r.approval) },
];

const rows = (list: LeaderboardRow[]): Html =>
  table(ROW_COLUMNS, list, {
    class: "leaderboard",
    empty: "No quality record yet: the board fills as tasks run.",
  });

const AGREEMENT_COLUMNS: Column<Agreement>[] = [
  { head: "model", cell: (a) => a.a, td: { class: "model" } },
  { head: "model", cell: (a) => a.b, td: { class: "model" } },
  { head: "votes together", cell: (a) => a.votes },
  { head: "agreed", cell: (a) => a.agreed },
  { head: "rate", cell: (a) => percent(a.rate) },
  { head: "", cell: (a) => a.note ?? "" },
];

const agreement = (list: Agreement[]): Html =>
  table(AGREEMENT_COLUMNS, list, {
    class: "agreement",
    empty: "No two models have voted together yet.",
    tr: (a) => ({ class: a.redundant ? "redundant" : undefined }),
  });

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
