import { envelope, ids, type ObjectRef, type StepName, type WorkflowContext, type WorkRef } from "@flotilla/contracts";
import type { TeamContext } from "@flotilla/team-runtime";
import { closure } from "./graph.ts";
import { publishOutcome } from "./outcome.ts";
import type { Effect, PacketState, StepRecord, WorkflowState } from "./state.ts";
import { ratesOf, WORKFLOW, type RequestView } from "./workflow.ts";

type Finished = PacketState & { result: StepRecord };
const hasResult = (p: PacketState): p is Finished => p.result !== undefined;

export const describeTask = (s: Pick<WorkflowState, "description" | "requirements">) =>
  [s.description, ...s.requirements.map((r) => `- ${r}`)].join("\n");

/** Publishes what a transition asked for. Ids are fixed per task, packet, step and round: re-publishing is harmless. */
export async function perform(ctx: TeamContext, s: WorkflowState, effects: readonly Effect[]): Promise<void> {
  for (const effect of effects) {
    if (effect.kind === "outcome") await publishOutcome(ctx, s);
    else if (effect.kind === "plan") await send(ctx, s, "plan", effect.round);
    else if (effect.kind === "signoff") await send(ctx, s, "signoff", effect.round);
    else {
      const packet = s.packets.find((p) => p.id === effect.packet);
      // Re-performed after the packet moved on (a later round, a new plan): that request is history.
      if (packet?.status === "running" && packet.round === effect.round)
        await send(ctx, s, packet.step, effect.round, packet);
    }
  }
}

async function send(
  ctx: TeamContext,
  s: WorkflowState,
  step: StepName,
  round: number,
  packet?: PacketState,
): Promise<void> {
  const inScope = packet ? closure(s.packets, packet.id) : new Set(s.packets.map((p) => p.id));
  // Everything of a step this packet builds on (the code to ship), and the nearest of it (what it rates and may send back).
  const upstream = (of: StepName): Finished[] =>
    s.packets.filter(hasResult).filter((p) => inScope.has(p.id) && p.step === of);
  const nearest = (of: StepName): Finished[] => {
    const all = upstream(of);
    return all.filter((p) => !all.some((q) => q !== p && closure(s.packets, q.id).has(p.id)));
  };
  const received: WorkRef[] = ratesOf(step).flatMap((of): WorkRef[] =>
    of === "plan"
      ? s.plan
        ? [{ step: "plan", round: s.plan.round, artifact: s.plan.artifact, produced_by: s.plan.produced_by }]
        : []
      : nearest(of).map((p) => ({
          step: of,
          packet_id: p.id,
          round: p.result.round,
          artifact: p.result.artifact,
          produced_by: p.result.produced_by,
        })),
  );
  const producerRounds = received.map((w) =>
    w.step === "plan" ? s.plan_round : (s.packets.find((p) => p.id === w.packet_id)?.round ?? 0),
  );
  const workflow: WorkflowContext = {
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
  };
  const head = envelope({
    sender: { team: "leadership", agent: ctx.author.spec.name, instance_id: ctx.instanceId },
    message_id: ids.message(s.task_id, "leadership", packet?.id ?? "-", step, round, "request"),
    correlation_id: s.correlation_id,
    parent_task_id: s.task_id,
    trace_id: s.trace_id,
  });
  const view: RequestView = {
    state: s,
    head,
    workflow,
    packet,
    upstream: (of): ObjectRef[] => upstream(of).map((p) => p.result.artifact),
  };
  await WORKFLOW[step].request.send(ctx, view);
}
