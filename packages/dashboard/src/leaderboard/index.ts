import { Hono } from "hono";
import { leaderboardReport, type LeaderboardFilter } from "@flotilla/quality";
import type { DashboardContext } from "../context.ts";
import { unavailable } from "../html.ts";
import { page } from "../layout/page.ts";
import { renderLeaderboard } from "./render.ts";

/** `GET /leaderboard`: what `flotilla leaderboard` prints, from the same `leaderboardReport`. */
export function leaderboardRoutes(ctx: DashboardContext): Hono {
  return new Hono().get("/leaderboard", async (c) => {
    const filter: LeaderboardFilter = {};
    for (const key of ["task_type", "role", "team", "model"] as const) {
      const value = c.req.query(key)?.trim();
      if (value) filter[key] = value;
    }
    const body = await leaderboardReport(ctx.knowledge, filter).then(
      (report) => renderLeaderboard(report, filter),
      (err: unknown) => unavailable("the leaderboard (Qdrant)", err),
    );
    return c.html(page({ title: "Leaderboard", section: "leaderboard", body }));
  });
}
