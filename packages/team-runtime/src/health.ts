import { setTimeout as sleep } from "node:timers/promises";
import { envelope, subjects, TEAM_STOPPED, type MessageInput } from "@flotilla/contracts";
import type { TeamContext } from "./types.ts";
import type { TeamStats } from "./stats.ts";

/** The health report of this instance, as published on team.<team>.health. */
export function healthReport(ctx: TeamContext, stats: TeamStats, startedAt: string): MessageInput<"team.x.health"> {
  return {
    ...envelope({ sender: { team: ctx.team, agent: "runtime", instance_id: ctx.instanceId } }),
    team: ctx.team,
    instance_id: ctx.instanceId,
    started_at: startedAt,
    status: stats.errorRate > 0.5 ? "degraded" : "healthy",
    metrics: {
      active_tasks: stats.active,
      handled: stats.handled,
      failed: stats.failed,
      average_processing_time_ms: stats.averageMs,
      error_rate: stats.errorRate,
      rss_bytes: process.memoryUsage.rss(),
    },
    agents_status: ctx.agents.map((a) => ({
      agent: a.spec.name,
      provider: a.model.provider,
      model: a.model.modelId,
      status: stats.active > 0 ? "busy" : "available",
    })),
    simulated: ctx.agents.some((a) => a.model.simulated),
  };
}

/** How long a stopping instance tries to say so: NATS may be the reason it stops. */
const STOPPED_SAY_MS = 2_000;

/**
 * Publishes health at start and every TEAM_HEALTH_INTERVAL_MS. `stop` ends the reports and says
 * `stopped` on team.<team>.status, so `flotilla status` and the team_health tool do not take the
 * last report for a live instance during the three intervals it stays recent.
 */
export function startHealth(
  ctx: TeamContext,
  stats: TeamStats,
): { stop(reason: string): Promise<void>; publishNow(): Promise<void> } {
  const startedAt = new Date().toISOString();
  const publishNow = async () => {
    try {
      await ctx.bus.publish(subjects.health(ctx.team), healthReport(ctx, stats, startedAt));
    } catch (err) {
      ctx.logger.warn({ err: (err as Error).message }, "could not publish health");
    }
  };
  const timer = setInterval(() => void publishNow(), ctx.config.TEAM_HEALTH_INTERVAL_MS);
  timer.unref();
  void publishNow();
  const stop = async (reason: string) => {
    clearInterval(timer);
    const said = ctx.bus.publish(subjects.status(ctx.team), {
      ...envelope({ sender: { team: ctx.team, agent: "runtime", instance_id: ctx.instanceId } }),
      team: ctx.team,
      instance_id: ctx.instanceId,
      status: TEAM_STOPPED,
      detail: reason,
    });
    const outcome = await Promise.race([said.then(() => "said"), sleep(STOPPED_SAY_MS, "late")]).catch(
      (err: unknown) => (err as Error).message,
    );
    if (outcome !== "said") ctx.logger.warn({ outcome }, "could not say stopped on the team's status subject");
  };
  return { stop, publishNow };
}
