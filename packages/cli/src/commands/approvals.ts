import { envelope } from "@flotilla/contracts";
import { pendingApprovals } from "@flotilla/team-leadership";
import { cliBus } from "../connect.ts";
import { note, out } from "../say.ts";

/** `flotilla approvals`: every step waiting for a person, oldest first. */
export async function runApprovals(): Promise<number> {
  const bus = await cliBus();
  try {
    const pending = await pendingApprovals(bus);
    if (!pending.length) out("no step is waiting for approval");
    for (const a of pending)
      out(`${a.task_id}  ${a.id.padEnd(20)} ${a.step.padEnd(9)} since ${a.requested_at}  ${a.description}`);
    return 0;
  } finally {
    await bus.close();
  }
}

/**
 * `flotilla approve|reject TASK [--gate ID] [--comment TEXT]`: decides the task's oldest pending
 * gate (or the one named). Leadership applies it; `reject` fails the task with the comment.
 */
export async function runDecision(
  taskId: string,
  decision: "approve" | "reject",
  opts: { gate?: string; comment?: string; by?: string },
): Promise<number> {
  if (decision === "reject" && !opts.comment?.trim()) {
    note('reject needs --comment "why": the task fails with it');
    return 1;
  }
  const bus = await cliBus();
  try {
    const pending = (await pendingApprovals(bus)).filter(
      (a) => a.task_id === taskId && (!opts.gate || a.id === opts.gate),
    );
    const at = pending[0];
    if (!at) {
      note(
        `task ${taskId} has no pending approval${opts.gate ? ` ${opts.gate}` : ""}; scripts/flotilla approvals lists them`,
      );
      return 1;
    }
    const by = opts.by ?? process.env.USER ?? "cli";
    await bus.publish("system.task.approval", {
      ...envelope({
        sender: { team: "cli", agent: "person", instance_id: `cli-${process.pid}` },
        trace_id: at.trace_id,
      }),
      task_id: taskId,
      approval_id: at.id,
      decision,
      by,
      comment: opts.comment ?? "",
    });
    out(`${decision === "approve" ? "approved" : "rejected"} ${at.id} (${at.step}) of task ${taskId} as ${by}`);
    return 0;
  } finally {
    await bus.close();
  }
}
