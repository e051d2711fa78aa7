import { Hono } from "hono";
import { assetRoutes } from "./assets/index.ts";
import type { DashboardContext } from "./context.ts";
import { dlqRoutes } from "./dlq/index.ts";
import { html } from "./html.ts";
import { page } from "./layout/page.ts";
import { leaderboardRoutes } from "./leaderboard/index.ts";
import { ledgerRoutes } from "./ledger/index.ts";
import { liveRoutes } from "./live/index.ts";
import type { Binding } from "./security/binding.ts";
import { guard } from "./security/guard.ts";
import { headers } from "./security/headers.ts";
import { taskRoutes } from "./task/index.ts";
import { taskListRoutes } from "./tasks/index.ts";

/**
 * The dashboard's routes, one module per feature, behind the guard (token or loopback) and the
 * security headers. Every page is read only.
 *
 * @example
 * serve({ fetch: createDashboardApp(ctx, binding).fetch, hostname: binding.host, port: binding.port });
 */
export function createDashboardApp(ctx: DashboardContext, binding: Binding): Hono {
  const app = new Hono();
  app.use(headers());
  app.use(guard(binding));
  app.get("/healthz", (c) => c.text("ok"));
  for (const routes of [
    assetRoutes(),
    liveRoutes(ctx.live),
    taskListRoutes(ctx),
    taskRoutes(ctx),
    leaderboardRoutes(ctx),
    ledgerRoutes(ctx),
    dlqRoutes(ctx),
  ])
    app.route("/", routes);
  app.notFound((c) => c.html(page({ title: "Not found", section: "tasks", body: html`<p>Nothing here.</p>` }), 404));
  app.onError((err, c) =>
    c.html(page({ title: "Error", section: "tasks", body: html`<p class="unavailable">${err.message}</p>` }), 500),
  );
  return app;
}
