import { Hono } from "hono";
import { isTaskId, type DashboardContext } from "../context.ts";
import { page } from "../layout/page.ts";
import { filterOf, matches } from "./filter.ts";
import { renderRow, renderTaskList } from "./render.ts";

export { watchTaskIndex, type TaskIndex } from "./task-index.ts";
export type { TaskRow } from "./row.ts";

/**
 * `GET /tasks` (the list, filtered by `q`, `status`, `mode`) and `GET /tasks/:id/row` (one row,
 * which the page swaps in when the task's state changes).
 */
export function taskListRoutes(ctx: DashboardContext): Hono {
  const latest = (taskId: string) => ctx.live.recent(taskId).at(-1);
  return new Hono()
    .get("/", (c) => c.redirect("/tasks"))
    .get("/tasks", (c) => {
      const filter = filterOf((name) => c.req.query(name));
      const all = ctx.tasks.rows();
      const rows = all.filter((row) => matches(row, filter));
      return c.html(
        page({
          title: "Tasks",
          section: "tasks",
          live: "tasks",
          body: renderTaskList(rows, all.length, filter, latest),
        }),
      );
    })
    .get("/tasks/:id/row", (c) => {
      const id = c.req.param("id");
      const row = isTaskId(id) ? ctx.tasks.get(id) : undefined;
      return row ? c.html(renderRow(row, latest(id))) : c.text("no such task", 404);
    });
}
