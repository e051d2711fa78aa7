import { envelope, ids, type ObjectRef, type StepName, type WorkflowContext, type WorkRef } from "@flotilla/contracts";
import { progress, type TeamContext } from "@flotilla/team-runtime";
import { closure } from "./graph.ts";
import { publishOutcome } from "./outcome.ts";
import { outcomePublished } from "./outside-transitions.ts";
import type { Effect, PacketState, StepRecord, WorkflowState } from "./state.ts";
import { ratesOf, WORKFLOW, type RequestView } from "./workflow.ts";

type Finished = PacketState & { result: StepRecord };
const hasResult = (p: PacketState): p is Finished => p.result !== undefined;

export const describeTask = (s: Pick<WorkflowState, "description" | "requirements">) =>
  [s.description, ...s.requirements.map((r) => `- ${r}`)].join("\n");

/** Publishes what a transition asked for. Ids are fixed per task, packet, step and round: re-publishing is harmless. */
export async function perform(ctx: TeamContext, s: WorkflowState, effects: readonly Effect[]): Promise<void> {
  for (const effect of effects) {
    if (effect.kind === "outcome") {
      if (s.outcome_published) continue;
      await publishOutcome(ctx, s);
      await outcomePublished(ctx, s.task_id);
    }
    // An ended task sends no more work: re-performed effects of its past stay history.
    else if (s.status !== "running") continue;
    else if (effect.kind === "approval") await announceApproval(ctx, s, effect.id);
    else if (effect.kind === "resurrected") await announceResurrection(ctx, s, effect.since);
    else if (effect.kind === "plan") await send(ctx, s, "plan", effect.round, undefined, effect.resend);
    else if (effect.kind === "signoff") await send(ctx, s, "signoff", effect.round, undefined, effect.resend);
    else {
      const packet = s.packets.find((p) => p.id === effect.packet);
      // Re-performed after the packet moved on (a later round, a new plan): that request is history.
      if (packet?.status === "running" && packet.round === effect.round)
        await send(ctx, s, packet.step, effect.round, packet, effect.resend);
    }
  }
}

/** A gate is waiting: the task's followers (submit --wait, MCP progress) are told what to run. */
async function announceApproval(ctx: TeamContext, s: WorkflowState, id: string): Promise<void> {
  const at = s.approvals.find((a) => a.id === id);
  if (!at || at.status !== "pending") return;
  const cause = { correlation_id: s.correlation_id, trace_id: s.trace_id };
  const where = { task_id: s.task_id, step: at.step, packet_id: at.packet_id, round: at.round };
  progress(
    ctx,
    cause,
    where,
    "awaiting_approval",
    `${at.step}${at.packet_id ? ` ${at.packet_id}` : ""} waits for a person: ` +
      `scripts/flotilla approve ${s.task_id} (or reject --comment "why"), or the MCP tools approve / reject`,
  );
}

/** `recovery.task.resurrected`: the watchdog resumed the task from its state. */
async function announceResurrection(ctx: TeamContext, s: WorkflowState, since: string): Promise<void> {
  const now = new Date();
  await ctx.bus.publish("recovery.task.resurrected", {
    ...envelope({
      sender: { team: "leadership", agent: "watchdog", instance_id: ctx.instanceId },
      message_id: ids.message(s.task_id, "leadership", "-", s.current_step, s.resurrections, "resurrected"),
      correlation_id: s.correlation_id,
      parent_task_id: s.task_id,
      trace_id: s.trace_id,
    }),
    resurrection_context: {
      original_task_id: s.task_id,
      failure_timestamp: since,
      recovery_timestamp: now.toISOString(),
      downtime_duration_ms: Math.max(0, now.getTime() - Date.parse(since)),
    },
    recovery_checkpoint: {
      last_successful_step: s.packets.findLast((p) => p.status === "done")?.step,
      completed_artifacts: s.packets.flatMap((p) => (p.status === "done" && p.result ? [p.result.artifact] : [])),
      next_step: s.current_step,
    },
  });
}

async function send(
  ctx: TeamContext,
  s: WorkflowState,
  step: StepName,
  round: number,
  packet?: PacketState,
  resend?: number,
) {
  const upstream = upstreamOf(s, packet);
  const head = envelope({
    sender: { team: "leadership", agent: ctx.author.spec.name, instance_id: ctx.instanceId },
    // A resurrection's request must not be taken for a duplicate of the one that got lost.
    message_id: ids.message(
      s.task_id,
      "leadership",
      packet?.id ?? "-",
      step,
      round,
      resend ? `request-resend${resend}` : "request",
    ),
    correlation_id: s.correlation_id,
    parent_task_id: s.task_id,
    trace_id: s.trace_id,
  });
  const view: RequestView = {
    state: s,
    head,
    workflow: workflowOf(ctx, s, step, round, packet),
    packet,
    upstream: (of): ObjectRef[] => upstream(of).map((p) => p.result.artifact),
  };
  await WORKFLOW[step].request.send(ctx, view);
}

/** Where a request sits: its packet and round, the work it rates (and may send back), the feedback to address. */
function workflowOf(ctx: TeamContext, s: WorkflowState, step: StepName, round: number, packet?: PacketState) {
  const received = receivedWork(s, step, packet);
  const producerRounds = received.map((w) =>
    w.step === "plan" ? s.plan_round : (s.packets.find((p) => p.id === w.packet_id)?.round ?? 0),
  );
  return {
    task_id: s.task_id,
    step,
    packet_id: packet?.id,
    round,
    priority: s.priority,
    received_work: received,
    feedback: packet ? packet.feedback : step === "plan" ? s.plan_feedback : [],
    may_return: producerRounds.every((r) => r <= ctx.config.FEEDBACK_MAX_ROUNDS),
    plan: s.plan?.artifact,
    task_description: describeTask(s),
    repo: s.repo,
    task_type: s.task_type,
  } satisfies WorkflowContext;
}

/** The finished packets a packet builds on (directly or not); every packet for the sign-off. */
function upstreamOf(s: WorkflowState, packet?: PacketState): (of: StepName) => Finished[] {
  const inScope = packet ? closure(s.packets, packet.id) : new Set(s.packets.map((p) => p.id));
  return (of) => s.packets.filter(hasResult).filter((p) => inScope.has(p.id) && p.step === of);
}

/**
 * The work a step rates: the plan, or the nearest upstream results of the rated step (for
 * dev-c-test the code of dev-c, not of the dev-a it builds on), so a rejection or a bug report
 * goes back to that packet only.
 */
function receivedWork(s: WorkflowState, step: StepName, packet?: PacketState): WorkRef[] {
  const upstream = upstreamOf(s, packet);
  return ratesOf(step).flatMap((of): WorkRef[] => {
    if (of === "plan") {
      return s.plan
        ? [{ step: "plan", round: s.plan.round, artifact: s.plan.artifact, produced_by: s.plan.produced_by }]
        : [];
    }
    const all = upstream(of);
    const nearest = all.filter((p) => !all.some((q) => q !== p && closure(s.packets, q.id).has(p.id)));
    return nearest.map((p) => ({
      step: of,
      packet_id: p.id,
      round: p.result.round,
      artifact: p.result.artifact,
      produced_by: p.result.produced_by,
    }));
  });
}
