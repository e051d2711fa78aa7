import { randomUUID } from "node:crypto";
import { z } from "zod";
import { followTask } from "@flotilla/bus";
import { envelope, MAX, renderOutcome, TASK_LIMITS, type TaskProgress } from "@flotilla/contracts";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { TeamContext } from "@flotilla/team-runtime";
import { teamHealth } from "./health.ts";

// The TaskRequest's limits, so a client learns them from the tool's schema rather than from a dead letter.
const input = {
  description: z.string().min(1).max(TASK_LIMITS.description).describe("what the team should build or change"),
  requirements: z
    .array(z.string().max(TASK_LIMITS.requirement))
    .max(TASK_LIMITS.requirements)
    .default([])
    .describe("acceptance requirements"),
  priority: z.enum(["high", "medium", "low"]).default("medium"),
  repo: z
    .string()
    .min(1)
    .max(MAX.path)
    .optional()
    .describe("path of the git repository to change (under FLOTILLA_REPOS); none: a scratch repository"),
  base_ref: z
    .string()
    .min(1)
    .max(MAX.line)
    .optional()
    .describe("branch, tag or commit the work starts from (default HEAD)"),
  wait: z.boolean().default(false).describe("wait for the outcome, with progress notifications"),
  timeout_seconds: z.number().int().min(1).max(86_400).default(1_800).describe("how long to wait when wait is true"),
};
const output = {
  task_id: z.string(),
  status: z.enum(["submitted", "running", "completed", "failed"]),
  correlation_id: z.string(),
  simulated: z.boolean(),
  /** E.g. teams that are not running: the task waits for them (it is durable), but a person should know. */
  warnings: z.array(z.string()),
  outcome: z.record(z.string(), z.unknown()).optional(),
};

/**
 * submit_task: publishes a TaskRequest on system.task.request (the same path as any NATS
 * client). It runs as an MCP task where the client asks for one; otherwise the SDK waits for it,
 * and progress notifications keep the client's request timeout alive.
 */
export function registerSubmitTask(server: McpServer, ctx: TeamContext): void {
  server.experimental.tasks.registerToolTask(
    "submit_task",
    {
      title: "Submit a task to the fleet",
      description:
        "Hands a task to the five teams (plan, implement, test, document, deploy, sign-off). Returns the task id; " +
        "with wait=true, returns the outcome with every vote, rating and artifact.",
      inputSchema: input,
      outputSchema: output,
      execution: { taskSupport: "optional" },
    },
    {
      createTask: async (args, extra) => {
        const taskId = randomUUID();
        const request = {
          ...envelope({ sender: { team: "leadership", agent: "mcp_client", instance_id: ctx.instanceId } }),
          task_id: taskId,
          task: {
            description: args.description,
            requirements: args.requirements,
            priority: args.priority,
            context: {},
            ...(args.repo ? { repo: { path: args.repo, base_ref: args.base_ref } } : {}),
          },
          requester: { user_id: "mcp" },
        };
        const mcpTask = await extra.taskStore.createTask({
          ttl: extra.taskRequestedTtl ?? 86_400_000,
          pollInterval: 250,
        });
        const simulated = ctx.agents.some((a) => a.model.simulated);
        const down = (await teamHealth(ctx))
          .filter((t) => t.status === "unknown" || t.status === "stale")
          .map((t) => t.team);
        const warnings = down.length
          ? [`not running: ${down.join(", ")} — the task waits for them; start the fleet with scripts/flotilla up`]
          : [];
        const base = { task_id: taskId, correlation_id: request.correlation_id, simulated, warnings };
        const token = extra._meta?.progressToken;
        let events = 0;
        const onProgress = (p: TaskProgress) => {
          const message = `[${Math.round(p.progress * 100)}%] ${p.team} ${p.step}: ${p.detail}`;
          if (token !== undefined)
            void extra
              .sendNotification({
                method: "notifications/progress",
                params: { progressToken: token, progress: ++events, message },
              })
              .catch(() => {});
          void extra.taskStore.updateTaskStatus(mcpTask.taskId, "working", message).catch(() => {});
        };
        // Following starts before the request goes out, so not even a fast outcome is missed.
        const follower = args.wait
          ? await followTask(ctx.bus, taskId, { onProgress, timeoutMs: args.timeout_seconds * 1000 })
          : undefined;
        try {
          await ctx.bus.publish("system.task.request", request);
        } catch (err) {
          follower?.stop();
          throw err;
        }
        if (!follower) {
          const value = { ...base, status: "submitted" as const };
          await extra.taskStore.storeTaskResult(mcpTask.taskId, "completed", {
            content: [
              {
                type: "text",
                text: [
                  `Task ${taskId} submitted${simulated ? " (SIMULATION: simulated provider)" : ""}. Follow it with task_status.`,
                  ...warnings,
                ].join("\n"),
              },
            ],
            structuredContent: value,
          });
        } else {
          void follower.done.then(async (o) => {
            const value = o ? { ...base, status: o.status, outcome: o } : { ...base, status: "running" as const };
            const text = [
              o
                ? renderOutcome(o)
                : `Task ${taskId} still running after ${args.timeout_seconds} s; follow it with task_status.`,
              ...warnings,
            ].join("\n");
            await extra.taskStore.storeTaskResult(mcpTask.taskId, "completed", {
              content: [{ type: "text", text }],
              structuredContent: value,
            });
          });
        }
        return { task: mcpTask };
      },
      getTask: async (_args, extra) => (await extra.taskStore.getTask(extra.taskId))!,
      getTaskResult: async (_args, extra) => (await extra.taskStore.getTaskResult(extra.taskId)) as never,
    },
  );
}
