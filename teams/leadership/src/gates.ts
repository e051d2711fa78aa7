/**
 * Approval gates (FLOTILLA_APPROVAL): the work a transition would send for a gated step waits
 * for a person instead. The wait is state (KV `workflow_state`), so it survives any restart;
 * the decision arrives as a message (`system.task.approval`) and releases exactly that work.
 */
import type { Bus } from "@flotilla/bus";
import type { ApprovalRecord, StepName } from "@flotilla/contracts";
import { listStates, type Effect, type WorkflowState } from "./state.ts";

/** The step a work effect starts, and where it sits. */
function startedBy(
  s: WorkflowState,
  effect: Effect,
): { step: StepName; packet_id?: string; round: number } | undefined {
  if (effect.kind === "plan") return { step: "plan", round: effect.round };
  if (effect.kind === "signoff") return { step: "signoff", round: effect.round };
  if (effect.kind !== "dispatch") return undefined;
  const packet = s.packets.find((p) => p.id === effect.packet);
  return packet ? { step: packet.step, packet_id: packet.id, round: effect.round } : undefined;
}

export const approvalId = (at: { step: StepName; packet_id?: string; round: number }) =>
  `${at.packet_id ?? at.step}-r${at.round}`;

/**
 * Each work effect of a gated step becomes a pending approval (recorded once, with the effect
 * it holds back) and an `approval` effect that announces it; approved ones pass.
 */
export function gate(s: WorkflowState, effects: readonly Effect[]): Effect[] {
  return effects.flatMap((effect): Effect[] => {
    const at = startedBy(s, effect);
    if (!at || !s.approval_steps.includes(at.step)) return [effect];
    const id = approvalId(at);
    const known = s.approvals.find((a) => a.id === id);
    if (known?.status === "approved") return [effect];
    if (!known) s.approvals.push({ id, ...at, status: "pending", requested_at: new Date().toISOString(), effect });
    return [{ kind: "approval", id }];
  });
}

/** The gates as the outcome shows them (without the work they held back). */
export const approvalRecords = (s: WorkflowState): ApprovalRecord[] =>
  s.approvals.map(({ effect: _held, ...record }) => record);

/** A gate waiting for a person, with the task it belongs to. */
export interface PendingApproval extends ApprovalRecord {
  task_id: string;
  description: string;
  /** The task's trace: a decision about it is published in it. */
  trace_id?: string;
}

/** Every running task's pending gates, oldest first (for pending_approvals and `flotilla approvals`). */
export async function pendingApprovals(bus: Pick<Bus, "getJson" | "keys">): Promise<PendingApproval[]> {
  const states = await listStates(bus);
  return states
    .filter((s) => s.status === "running")
    .flatMap((s) =>
      approvalRecords(s)
        .filter((a) => a.status === "pending")
        .map((a) => ({ ...a, task_id: s.task_id, description: s.description, trace_id: s.trace_id })),
    )
    .sort((a, b) => a.requested_at.localeCompare(b.requested_at));
}
