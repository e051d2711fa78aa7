import { z } from "zod";
import { stoppedSince, TEAMS, type TeamHealth, type TeamStatus } from "@flotilla/contracts";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { structured, type TeamContext } from "@flotilla/team-runtime";

const Row = z.object({
  team: z.string(),
  status: z.enum(["healthy", "degraded", "unhealthy", "stale", "stopped", "unknown"]),
  instance_id: z.string().optional(),
  age_seconds: z.number().optional(),
  active_tasks: z.number().optional(),
  handled: z.number().optional(),
  rss_mb: z.number().optional(),
  simulated: z.boolean().optional(),
});

/**
 * Each team's latest health report; older than three intervals counts as stale, and an instance
 * that said `stopped` on team.<team>.status after that report is stopped.
 */
export async function teamHealth(ctx: TeamContext): Promise<z.infer<typeof Row>[]> {
  return Promise.all(
    TEAMS.map(async (team) => {
      const [h, said] = await Promise.all([
        ctx.bus.lastMessage<TeamHealth>(`team.${team}.health`).catch(() => null),
        ctx.bus.lastMessage<TeamStatus>(`team.${team}.status`).catch(() => null),
      ]);
      if (!h) return { team, status: "unknown" as const };
      const age = (Date.now() - Date.parse(h.timestamp)) / 1000;
      const stale = age * 1000 > 3 * ctx.config.TEAM_HEALTH_INTERVAL_MS;
      return {
        team,
        status: stoppedSince(h, said) ? ("stopped" as const) : stale ? ("stale" as const) : h.status,
        instance_id: h.instance_id,
        age_seconds: Math.round(age),
        active_tasks: h.metrics.active_tasks,
        handled: h.metrics.handled,
        rss_mb: Math.round(h.metrics.rss_bytes / 1e6),
        simulated: h.simulated,
      };
    }),
  );
}

export function registerHealthTool(server: McpServer, ctx: TeamContext): void {
  server.registerTool(
    "team_health",
    {
      title: "Team health",
      description:
        "The latest health report of each team (published on team.<team>.health); " +
        "stopped when that instance said so on team.<team>.status since.",
      inputSchema: {},
      outputSchema: { teams: z.array(Row) },
      annotations: { readOnlyHint: true },
    },
    async () => {
      const teams = await teamHealth(ctx);
      return structured(
        { teams },
        teams
          .map(
            (t) =>
              `${t.team.padEnd(13)} ${t.status}` +
              `${t.age_seconds !== undefined ? ` (${t.age_seconds}s ago, ${t.handled} handled, ${t.rss_mb} MB)` : ""}` +
              `${t.simulated ? " [simulated]" : ""}`,
          )
          .join("\n"),
      );
    },
  );
}
