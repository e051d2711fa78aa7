import { Plan, type Envelope, type StepName, type WorkflowContext, type WorkRef } from "@flotilla/contracts";
import { reply, type TeamContext } from "@flotilla/team-runtime";
import { updateState, workOf, type WorkflowState } from "./state.ts";

/** The step whose work each step receives and rates. */
export const RATES: Partial<Record<StepName, StepName>> = { implement: "plan", test: "implement", document: "implement", deploy: "document", signoff: "deploy" };

/** A receiving team may send work back while its producer has feedback rounds left. */
export function mayReturn(ctx: TeamContext, s: WorkflowState, producer: StepName): boolean {
  return (s.rounds[producer] ?? 1) <= ctx.config.FEEDBACK_MAX_ROUNDS;
}

export function workflowFor(ctx: TeamContext, s: WorkflowState, step: StepName, round: number, feedback: string[]): WorkflowContext {
  const producer = RATES[step];
  const received: WorkRef[] = producer ? [workOf(s, producer)] : [];
  return {
    task_id: s.task_id, step, round, received_work: received, feedback,
    may_return: producer ? mayReturn(ctx, s, producer) : false,
    plan: s.steps.plan?.artifact, task_description: s.description,
  };
}

/**
 * Sends a work packet to the team of `step` (next round, with feedback from the last one).
 * The message id is derived from task, step and round, so a re-delivery re-publishes nothing new.
 */
export async function dispatch(ctx: TeamContext, cause: Partial<Envelope>, taskId: string, step: Exclude<StepName, "plan" | "signoff">, feedback: string[] = []): Promise<void> {
  const causeId = cause.message_id ?? "";
  let round = 0;
  const s = await updateState(ctx, taskId, `dispatch ${step}`, (st) => {
    // A re-delivered cause gets the round it got the first time: nothing is dispatched twice.
    round = st.dispatched[causeId] ?? (st.rounds[step] ?? 0) + 1;
    st.dispatched[causeId] = round;
    st.current_step = step;
    st.rounds[step] = round;
  });
  const workflow = workflowFor(ctx, s, step, round, feedback);
  const head = reply(ctx, cause, taskId, "dispatch", step, round);
  const plan = s.steps.plan ? Plan.parse(await ctx.bus.objects.getJson(s.steps.plan.artifact)) : undefined;
  const packet = (team: string) => plan?.work_packets.find((p) => p.team === team);
  const criteria = (team: string) => packet(team)?.acceptance_criteria ?? s.requirements;
  if (step === "implement") {
    const p = packet("development");
    await ctx.bus.publish("development.task.assigned", {
      ...head, assigned_to_team: "development", workflow,
      work_packet: {
        task_id: p?.id ?? "development-1", description: p?.description ?? s.description, acceptance_criteria: criteria("development"),
        dependencies: p?.depends_on ?? [], context_location: { qdrant_collection: "cross_team_tasks", point_id: s.task_id },
      },
      routing: { next_team: "qa", on_completion_subject: "development.code.ready" },
    });
  } else if (step === "test") {
    await ctx.bus.publish("qa.test.requested", {
      ...head, task_id: taskId, workflow,
      test_scope: { type: "unit", artifacts_location: workOf(s, "implement").artifact, test_requirements: s.requirements, acceptance_criteria: criteria("qa") },
      environment: { runtime: "node", dependencies: [], configuration: {} },
    });
  } else if (step === "document") {
    await ctx.bus.publish("documentation.request", {
      ...head, task_id: taskId, workflow, documentation_type: "api",
      source_artifacts: { code_location: workOf(s, "implement").artifact, report_location: s.steps.test?.artifact },
      requirements: { format: "markdown", audience: "developer", sections_required: criteria("documentation") },
    });
  } else {
    await ctx.bus.publish("devops.deploy.requested", {
      ...head, task_id: taskId, workflow,
      deployment: {
        environment: "dev", artifacts_location: workOf(s, "implement").artifact, documentation_location: s.steps.document?.artifact,
        configuration: {}, rollback_strategy: "restore the previous workspace snapshot",
      },
    });
  }
}
