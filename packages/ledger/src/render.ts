import { TEAMS, type LedgerCounts } from "@flotilla/contracts";
import type { Ledger } from "./view.ts";

/** Milliseconds as people read them: `850 ms`, `12.3 s`. */
export const duration = (ms: number) => (ms < 1_000 ? `${ms} ms` : `${(ms / 1_000).toFixed(1)} s`);

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One task's totals in a line: what task_status shows under the task. */
export function totalsText(t: LedgerCounts, models: readonly string[]): string {
  return (
    `${plural(t.calls, "call", "calls")} (${t.failed} failed), tokens ${t.input_tokens} in / ${t.output_tokens} out, ` +
    `latency ${duration(t.latency_ms)} (max ${duration(t.latency_max_ms)}), ${plural(t.retries, "retry", "retries")}, ` +
    `${plural(t.fallbacks, "fallback", "fallbacks")}` +
    `${models.length ? `; models ${models.join(", ")}` : ""}`
  );
}

type Cell = string | number;
/** A column: its head, and whether its cells are figures (right-aligned). */
type Column = [head: string, figures?: "figures"];

/** Columns padded to their widest cell: text left, figures right. */
function table(columns: readonly Column[], rows: readonly Cell[][]): string[] {
  const widths = columns.map(([h], i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? "").length)));
  const line = (cells: readonly Cell[]) =>
    cells
      .map((c, i) => (columns[i]?.[1] ? String(c).padStart(widths[i]!) : String(c).padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(columns.map(([h]) => h)), ...rows.map(line)];
}

const COUNT_COLUMNS: Column[] = [
  "calls",
  "failed",
  "tokens in",
  "tokens out",
  "latency",
  "max",
  "retries",
  "fallbacks",
].map((h): Column => [h, "figures"]);
const countCells = (c: LedgerCounts): Cell[] => [
  c.calls,
  c.failed,
  c.input_tokens,
  c.output_tokens,
  duration(c.latency_ms),
  duration(c.latency_max_ms),
  c.retries,
  c.fallbacks,
];
const when = (iso: string) => iso.slice(0, 19).replace("T", " ");
const teamOrder = (team: string) => TEAMS.findIndex((t) => t === team);

/** `flotilla ledger TASK`: a line per team, agent and serving model, then the total. */
export function renderLedger(ledger: Ledger): string {
  const lines = [...ledger.lines].sort(
    (a, b) => teamOrder(a.team) - teamOrder(b.team) || a.agent.localeCompare(b.agent) || b.calls - a.calls,
  );
  const rows: Cell[][] = [
    ...lines.map((l) => [l.team, l.agent, `${l.provider}/${l.model}`, ...countCells(l)]),
    ...(ledger.other ? [["(more)", "", "not itemized", ...countCells(ledger.other)]] : []),
    [
      "total",
      "",
      `${ledger.models.length} model${ledger.models.length === 1 ? "" : "s"}`,
      ...countCells(ledger.totals),
    ],
  ];
  const title = ledger.task_id ? `task ${ledger.task_id}` : `calls outside tasks (${ledger.key})`;
  return [
    `Ledger of ${title}: calls from ${when(ledger.first_at)} to ${when(ledger.last_at)} UTC`,
    ...table([["team"], ["agent"], ["served by"], ...COUNT_COLUMNS], rows).map((l) => `  ${l}`),
    `  models: ${ledger.models.join(", ") || "none answered"}`,
  ].join("\n");
}

/** `flotilla ledger`: the most recently active tasks, a line each. */
export function renderLedgerList(ledgers: readonly Ledger[]): string {
  if (!ledgers.length) return "no model calls counted yet";
  const rows = ledgers.map((l) => [
    l.key,
    when(l.last_at),
    ...countCells(l.totals),
    l.models.length > 2 ? `${l.models.slice(0, 2).join(", ")} +${l.models.length - 2}` : l.models.join(", "),
  ]);
  return table([["task"], ["last call (UTC)"], ...COUNT_COLUMNS, ["models"]], rows).join("\n");
}
