import { z } from "zod";
import { message } from "../envelope.ts";
import { Iso, StepName, TeamName } from "../common.ts";
import { ITEMS, MAX } from "../limits.ts";

/** `team.<team>.health`, every TEAM_HEALTH_INTERVAL_MS (default 30 s). */
export const TeamHealth = message({
  team: TeamName,
  instance_id: z.string().max(MAX.id),
  status: z.enum(["healthy", "degraded", "unhealthy"]),
  started_at: Iso,
  metrics: z.object({
    active_tasks: z.number().int().min(0),
    handled: z.number().int().min(0),
    failed: z.number().int().min(0),
    average_processing_time_ms: z.number().min(0),
    error_rate: z.number().min(0).max(1),
    rss_bytes: z.number().int().min(0),
  }),
  agents_status: z
    .array(
      z.object({
        agent: z.string().max(MAX.id),
        provider: z.string().max(MAX.id),
        model: z.string().max(MAX.id),
        status: z.enum(["available", "busy", "error"]),
      }),
    )
    .max(ITEMS.some),
  simulated: z.boolean(),
});
export type TeamHealth = z.infer<typeof TeamHealth>;

/** `team.<team>.completion`: a team finished its step of a task. */
export const TeamCompletion = message({
  team: TeamName,
  task_id: z.uuid(),
  step: StepName,
  round: z.number().int().min(1),
  result_subject: z.string().max(MAX.line),
  duration_ms: z.number().min(0),
});
export type TeamCompletion = z.infer<typeof TeamCompletion>;

/**
 * `team.<team>.status`: a change of an instance's state — `blocked` and `resumed` (a parked step,
 * see the bus), `stopped` (its last word before it exits).
 */
export const TeamStatus = message({
  team: TeamName,
  instance_id: z.string().max(MAX.id),
  status: z.string().max(MAX.id),
  detail: z.string().max(MAX.text).default(""),
});
export type TeamStatus = z.infer<typeof TeamStatus>;

/** The status a stopping instance publishes last: its recent health reports no longer mean it is up. */
export const TEAM_STOPPED = "stopped";

/** Whether the instance that sent `health` said it stopped (`said`) after sending it. */
export const stoppedSince = (health: TeamHealth, said: TeamStatus | null | undefined): boolean =>
  said?.status === TEAM_STOPPED &&
  said.instance_id === health.instance_id &&
  Date.parse(said.timestamp) >= Date.parse(health.timestamp);

export const TeamBlocked = message({ team: TeamName, task_id: z.uuid(), reason: z.string().max(MAX.text) });
export type TeamBlocked = z.infer<typeof TeamBlocked>;

/** `team.<team>.error` (shape of the design conversation's error interface). */
export const TeamError = message({
  error_id: z.uuid(),
  task_id: z.string().max(MAX.id).optional(),
  error: z.object({
    type: z.enum(["transient", "permanent", "dependency", "agent"]),
    severity: z.enum(["critical", "high", "medium", "low"]),
    message: z.string().max(MAX.text),
    retry_possible: z.boolean(),
    retry_count: z.number().int().min(0),
  }),
  context: z.object({
    team: z.string().max(MAX.id),
    agent: z.string().max(MAX.id).optional(),
    input_message_id: z.string().max(MAX.id).optional(),
    subject: z.string().max(MAX.line).optional(),
  }),
});
export type TeamError = z.infer<typeof TeamError>;
