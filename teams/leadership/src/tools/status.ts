import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { structured, toolError, type TeamContext } from "@flotilla/team-runtime";
import { listStates, readState } from "../state.ts";

const TaskLine = z.object({
  task_id: z.string(), status: z.string(), current_step: z.string(), description: z.string(),
  started_at: z.string(), finished_at: z.string().optional(), reason: z.string().optional(), simulated: z.boolean(),
});

export function registerStatusTools(server: McpServer, ctx: TeamContext): void {
  server.registerTool("task_status", {
    title: "Task status",
    description: "Where a task is: status, current step, each team's vote and ratings, artifacts, quality flags, history.",
    inputSchema: { task_id: z.uuid() },
    outputSchema: { task_id: z.string(), status: z.string(), current_step: z.string(), state: z.record(z.string(), z.unknown()) },
    annotations: { readOnlyHint: true },
  }, async ({ task_id }) => {
    const s = await readState(ctx, task_id);
    if (!s) return toolError(`no task ${task_id} (it may not have been planned yet, or the id is wrong); list_tasks shows the known ones`);
    const steps = Object.entries(s.steps).flatMap(([step, r]) => [
      `  ${step}: ${r!.team} vote ${r!.vote.outcome} (${r!.vote.attempts} attempt(s)) → ${r!.artifact.object_store}/${r!.artifact.key}`,
      ...r!.context.map((c, i) => `      [K${i + 1}] ${c.collection}${c.source ? ` · ${c.source}` : ""}${c.heading_path?.length ? ` › ${c.heading_path.join(" › ")}` : ""}`),
    ]);
    const text = [`${s.simulated ? "[SIMULATION] " : ""}Task ${s.task_id}: ${s.status} at ${s.current_step}${s.reason ? ` — ${s.reason}` : ""}`, ...steps,
      ...(s.quality_flags.length ? [`  flags: ${s.quality_flags.join("; ")}`] : [])].join("\n");
    return structured({ task_id: s.task_id, status: s.status, current_step: s.current_step, state: s as unknown as Record<string, unknown> }, text);
  });

  server.registerTool("list_tasks", {
    title: "List tasks",
    description: "Known tasks, newest first.",
    inputSchema: { status: z.enum(["running", "completed", "failed"]).optional(), limit: z.number().int().min(1).max(500).default(20) },
    outputSchema: { tasks: z.array(TaskLine) },
    annotations: { readOnlyHint: true },
  }, async ({ status, limit }) => {
    const tasks = (await listStates(ctx)).filter((s) => !status || s.status === status).slice(0, limit).map((s) => ({
      task_id: s.task_id, status: s.status, current_step: s.current_step, description: s.description.slice(0, 200),
      started_at: s.started_at, finished_at: s.finished_at, reason: s.reason, simulated: s.simulated,
    }));
    return structured({ tasks }, tasks.map((t) => `${t.task_id} ${t.status.padEnd(9)} ${t.current_step.padEnd(9)} ${t.description.slice(0, 60)}`).join("\n") || "no tasks yet");
  });
}
