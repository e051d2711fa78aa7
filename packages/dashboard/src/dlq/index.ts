import { Hono } from "hono";
import { getDlq, listDlq } from "@flotilla/bus";
import type { DashboardContext } from "../context.ts";
import { html, unavailable } from "../html.ts";
import { page } from "../layout/page.ts";
import { renderDlqDetail, renderDlqList } from "./render.ts";

/**
 * `GET /dlq` (entries still waiting, with their reason) and `GET /dlq/:id` (one, with its
 * original). Read only: replay and purge stay with `flotilla dlq`, as admin.
 */
export function dlqRoutes(ctx: DashboardContext): Hono {
  return new Hono()
    .get("/dlq", async (c) => {
      const list = await listDlq(ctx.bus).then(renderDlqList, (err: unknown) => unavailable("the DLQ", err));
      const body = html`<h1>Dead letters</h1>
        <p class="muted">
          Messages a team could not process, oldest first; <code>flotilla dlq replay ID</code> re-publishes one.
        </p>
        ${list}`;
      return c.html(page({ title: "DLQ", section: "dlq", body }));
    })
    .get("/dlq/:id", async (c) => {
      const id = Number(c.req.param("id"));
      const detail = Number.isSafeInteger(id) && id > 0 ? await getDlq(ctx.bus, id) : undefined;
      if (!detail)
        return c.html(
          page({ title: "DLQ", section: "dlq", body: html`<p>No DLQ entry ${c.req.param("id")}.</p>` }),
          404,
        );
      return c.html(page({ title: `DLQ ${id}`, section: "dlq", body: renderDlqDetail(detail) }));
    });
}
