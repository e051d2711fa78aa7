/**
 * Transitions caused from outside the workflow's messages: a person's decision at an approval
 * gate, the watchdog's resurrection, and the outcome's publication. Like every transition, they
 * write `workflow_state` only through `transition()` (transitions.ts), except the outcome flag,
 * which must be written even though the task has ended.
 */
import type { ApprovalDecision } from "@flotilla/contracts";
import type { TeamContext } from "@flotilla/team-runtime";
import { fail } from "./advance.ts";
import { editable, STATE_BUCKET, type Effect, type WorkflowState } from "./state.ts";
import { transition, unknownTask, type Transitioned } from "./transitions.ts";

/**
 * A person decided at an approval gate: approved, the work it held back goes out; rejected, the
 * task fails with their comment. A decision with no pending gate to apply to changes nothing.
 */
export function decided(ctx: TeamContext, m: ApprovalDecision): Promise<Transitioned> {
  const what = `${m.decision} by ${m.by}${m.approval_id ? ` at ${m.approval_id}` : ""}`;
  return transition(ctx, m.task_id, m.message_id, what, (s) => {
    const pending = s.approvals.filter((a) => a.status === "pending");
    const at = m.approval_id ? pending.find((a) => a.id === m.approval_id) : pending[0];
    if (!at) {
      s.history.push({ at: new Date().toISOString(), event: `${what}: no pending approval to apply it to` });
      return [];
    }
    Object.assign(at, {
      status: m.decision === "approve" ? "approved" : "rejected",
      decided_at: new Date().toISOString(),
      by: m.by,
      ...(m.comment ? { comment: m.comment } : {}),
    });
    if (m.decision === "reject")
      return fail(s, `${m.by} rejected ${at.id} at the ${at.step} gate${m.comment ? `: ${m.comment}` : ""}`);
    return at.effect ? [at.effect] : [];
  });
}

/**
 * The watchdog found the task not moving since `s.updated_at`: the work in flight goes out
 * again under new request ids (the teams run it; leadership keeps the first result of each
 * round). Keyed on that time, so watchdogs of several leadership instances resume it once.
 */
export function resurrected(ctx: TeamContext, stalled: WorkflowState): Promise<Transitioned> {
  const since = stalled.updated_at;
  return transition(
    ctx,
    stalled.task_id,
    `resurrect:${since}`,
    `resumed by the watchdog (no move since ${since})`,
    (s) => {
      if (s.updated_at !== since) return []; // it moved meanwhile
      const resend = ++s.resurrections;
      const inFlight: Effect[] =
        s.phase === "planning"
          ? [{ kind: "plan", round: s.plan_round, resend }]
          : s.phase === "signoff"
            ? [{ kind: "signoff", round: s.signoff_round, resend }]
            : s.packets
                .filter((p) => p.status === "running")
                .map((p) => ({ kind: "dispatch" as const, packet: p.id, round: p.round, resend }));
      return [{ kind: "resurrected", since }, ...inFlight];
    },
  );
}

/** The outcome of an ended task is out: it is never published again, whatever re-delivers its cause. */
export async function outcomePublished(ctx: TeamContext, taskId: string): Promise<void> {
  await ctx.bus.updateJson<WorkflowState>(STATE_BUCKET, taskId, (old, ours) => {
    if (!old) throw unknownTask(taskId);
    const s = editable(old, ours);
    s.outcome_published = true;
    return s;
  });
}
