import { Hono } from "hono";
import type { DashboardContext } from "../context.ts";
import { html, unavailable } from "../html.ts";
import { page } from "../layout/page.ts";
import { renderLedgerList } from "./render.ts";

export { ledgerSource, type LedgerSource } from "./source.ts";

const LIMIT = 50;

/** `GET /ledger`: model usage of the most recently active tasks (each task's page has its own). */
export function ledgerRoutes(ctx: DashboardContext): Hono {
  return new Hono().get("/ledger", async (c) => {
    const list = await ctx.ledger.list(LIMIT).then(renderLedgerList, (err: unknown) => unavailable("the ledger", err));
    const body = html`<h1>Ledger</h1>
      <p class="muted">Model calls per task: tokens, latency, retries, fallbacks (KV ledger), latest ${LIMIT}.</p>
      ${list}`;
    return c.html(page({ title: "Ledger", section: "ledger", body }));
  });
}
