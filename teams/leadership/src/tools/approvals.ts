import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ApprovalRecord, envelope } from "@flotilla/contracts";
import { structured, toolError, type TeamContext } from "@flotilla/team-runtime";
import { pendingApprovals } from "../gates.ts";
import { readState } from "../state.ts";

const Pending = ApprovalRecord.extend({ task_id: z.string(), description: z.string() });

/** pending_approvals, approve, reject: a person at the gates FLOTILLA_APPROVAL sets. */
export function registerApprovalTools(server: McpServer, ctx: TeamContext): void {
  server.registerTool(
    "pending_approvals",
    {
      title: "Pending approvals",
      description:
        "Steps waiting for a person (FLOTILLA_APPROVAL): each task, its gate (step, packet, round) and since when.",
      inputSchema: {},
      outputSchema: { approvals: z.array(Pending) },
      annotations: { readOnlyHint: true },
    },
    async () => {
      const approvals = await pendingApprovals(ctx.bus);
      const text = approvals.length
        ? approvals.map((a) => `${a.task_id} ${a.id} (${a.step}) since ${a.requested_at}: ${a.description}`).join("\n")
        : "no step is waiting for approval";
      return structured({ approvals }, text);
    },
  );
  for (const decision of ["approve", "reject"] as const) {
    server.registerTool(
      decision,
      {
        title: decision === "approve" ? "Approve a gate" : "Reject at a gate",
        description:
          decision === "approve"
            ? "Let a task's step that waits for a person go on (its oldest pending gate, or the one named)."
            : "Stop a task at a gate: it fails with your comment.",
        inputSchema: {
          task_id: z.uuid(),
          approval_id: z
            .string()
            .max(80)
            .optional()
            .describe("the gate, e.g. plan-r1 or devops-1-r1; default the oldest"),
          comment: (decision === "reject" ? z.string().min(1) : z.string().default("")).describe("why"),
          by: z.string().min(1).max(200).default("mcp client").describe("who decides, as the outcome will name them"),
        },
        outputSchema: { task_id: z.string(), approval_id: z.string(), decision: z.string() },
      },
      async ({ task_id, approval_id, comment, by }) => {
        const s = await readState(ctx.bus, task_id);
        const at = s?.approvals.find((a) => a.status === "pending" && (!approval_id || a.id === approval_id));
        if (!s || s.status !== "running" || !at)
          return toolError(
            `task ${task_id} has no pending approval${approval_id ? ` ${approval_id}` : ""}; pending_approvals lists them`,
          );
        await ctx.bus.publish("system.task.approval", {
          ...envelope({
            sender: { team: "leadership", agent: "mcp_client", instance_id: ctx.instanceId },
            trace_id: s.trace_id, // in the task's trace, as every message about it
          }),
          task_id,
          approval_id: at.id,
          decision,
          by,
          comment: comment ?? "",
        });
        return structured(
          { task_id, approval_id: at.id, decision },
          `${decision === "approve" ? "approved" : "rejected"} ${at.id} of task ${task_id}; task_status follows it`,
        );
      },
    );
  }
}
