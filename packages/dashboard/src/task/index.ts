import { Hono } from "hono";
import { isTaskId, type DashboardContext } from "../context.ts";
import { html } from "../html.ts";
import { page } from "../layout/page.ts";
import { loadTask } from "./load.ts";
import { renderTaskBody, type TaskExtras } from "./render.ts";

async function extrasOf(ctx: DashboardContext, taskId: string): Promise<TaskExtras> {
  const ledger = await ctx.ledger
    .read(taskId)
    .catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
  return { recent: ctx.live.recent(taskId), ledger };
}

/** `GET /tasks/:id` (the task page) and `GET /tasks/:id/body` (what the page swaps in as the task moves). */
export function taskRoutes(ctx: DashboardContext): Hono {
  const body = async (taskId: string) => {
    if (!isTaskId(taskId)) return undefined;
    const view = await loadTask(ctx.bus, ctx.knowledge, taskId);
    return view && renderTaskBody(view, await extrasOf(ctx, taskId));
  };
  return new Hono()
    .get("/tasks/:id", async (c) => {
      const id = c.req.param("id");
      const rendered = await body(id);
      if (!rendered)
        return c.html(page({ title: "No such task", section: "tasks", body: html`<p>No task ${id}.</p>` }), 404);
      const main = html`<div id="task-body">${rendered}</div>`;
      return c.html(
        page({
          title: `Task ${id.slice(0, 8)}`,
          section: "tasks",
          live: "task",
          taskId: id,
          mermaid: true,
          body: main,
        }),
      );
    })
    .get("/tasks/:id/body", async (c) => {
      const rendered = await body(c.req.param("id"));
      return rendered ? c.html(rendered) : c.text("no such task", 404);
    });
}
