import { ids, Plan, type TaskRequest, type WorkflowContext } from "@flotilla/contracts";
import type { StepSpec, TeamContext } from "@flotilla/team-runtime";
import { updateState, WorkflowState } from "./state.ts";
import { dispatch } from "./dispatch.ts";

/** A task request, or a re-plan asked for by development's feedback (then `workflow` is set). */
export type PlanInput = TaskRequest & { workflow?: WorkflowContext };

export const taskIdOf = (m: TaskRequest) => m.task_id ?? ids.taskFromRequest(m.message_id);

const describe = (m: TaskRequest) =>
  [m.task.description, ...m.task.requirements.map((r) => `- ${r}`)].join("\n");

/** Leadership's first step: the agents draft a plan of work packets and vote on it. */
export const planStep: StepSpec<PlanInput, Plan> = {
  step: "plan",
  consumes: "system.task.request",
  output: { name: "Plan", schema: Plan },
  artifact: { store: "plan_artifacts", name: "plan.json" },
  workflow: (m) => m.workflow ?? {
    task_id: taskIdOf(m), step: "plan", round: 1, received_work: [], feedback: [], may_return: false, task_description: describe(m),
  },
  // The task exists (state "running") from the moment it arrives, so a plan that fails is a failed task.
  begin: async (ctx, m, wf) => {
    const now = new Date().toISOString();
    await ctx.bus.updateJson<WorkflowState>("workflow_state", wf.task_id, (old) => old ? WorkflowState.parse(old) : WorkflowState.parse({
      task_id: wf.task_id, description: m.task.description, requirements: m.task.requirements,
      correlation_id: m.correlation_id ?? m.message_id, trace_id: m.trace_id, status: "running", current_step: "plan",
      started_at: now, updated_at: now, history: [{ at: now, event: "received" }],
    }));
  },
  prompt: (m) => [
    "Decompose this task into work packets for the development, qa, documentation and devops teams, with acceptance criteria and dependencies.",
    `Task (${m.task.priority} priority): ${describe(m)}`,
    m.workflow?.feedback.length ? `Development rejected the last plan:\n- ${m.workflow.feedback.join("\n- ")}` : "",
  ].filter(Boolean).join("\n\n"),
  finish: async (ctx, m, r) => {
    const taskId = r.workflow.task_id;
    await saveState(ctx, r.workflow, r);
    const byTeam = Object.groupBy(r.output.work_packets, (p) => p.team);
    await ctx.bus.putJson("task_assignments", taskId, { task_id: taskId, round: r.workflow.round, packets: byTeam });
    await ctx.bus.putJson("dependency_graph", taskId, Object.fromEntries(r.output.work_packets.map((p) => [p.id, p.depends_on])));
    await ctx.knowledge.upsert("cross_team_tasks", [{
      id: taskId,
      text: `${r.workflow.task_description}\n${r.output.summary}\n${r.output.work_packets.map((p) => `${p.team}: ${p.title}`).join("\n")}`,
      payload: { kind: "plan", task_id: taskId, team: "leadership", plan: r.output, artifact: r.artifact, round: r.workflow.round, agent: r.producer.agent, model: r.producer.model },
    }]);
    await dispatch(ctx, m, taskId, "implement", r.workflow.feedback.length ? ["re-planned after feedback", ...r.workflow.feedback] : []);
  },
};

/** Records the (re-)plan in the task's workflow state, idempotently. */
async function saveState(ctx: TeamContext, wf: WorkflowContext, r: Parameters<StepSpec["finish"]>[2]): Promise<void> {
  await updateState(ctx, wf.task_id, `plan round ${wf.round} voted: ${r.vote.outcome}`, (s) => {
    s.rounds.plan = wf.round;
    s.steps.plan = { team: "leadership", round: wf.round, artifact: r.artifact, vote: r.vote, produced_by: r.producer, extra: {}, context: r.context };
    s.simulated ||= r.producer.simulated;
  });
}
