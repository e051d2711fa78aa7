import type { TaskRow } from "./row.ts";

/** What the list shows: text to look for, a status, simulated or real work. Empty fields match all. */
export interface TaskFilter {
  q: string;
  status: "" | TaskRow["status"];
  mode: "" | "simulated" | "real";
}

const STATUSES = ["running", "completed", "failed"] as const;

/** The filter of a request's query (`?q=slugify&status=failed&mode=real`); unknown values match all. */
export function filterOf(query: (name: string) => string | undefined): TaskFilter {
  const status = STATUSES.find((s) => s === query("status")) ?? "";
  const mode = query("mode") === "simulated" || query("mode") === "real" ? (query("mode") as TaskFilter["mode"]) : "";
  return { q: (query("q") ?? "").trim(), status, mode };
}

/** The text a search looks in, lower case: the id, the description, the task type. */
export const searchText = (row: TaskRow) =>
  `${row.task_id} ${row.description.slice(0, 500)} ${row.task_type ?? ""}`.toLowerCase();

export function matches(row: TaskRow, filter: TaskFilter): boolean {
  if (filter.status && row.status !== filter.status) return false;
  if (filter.mode && row.simulated !== (filter.mode === "simulated")) return false;
  return !filter.q || searchText(row).includes(filter.q.toLowerCase());
}
