import { ids, Plan, type TaskRequest } from "@flotilla/contracts";
import { defineStep, type StepResult, type TeamContext } from "@flotilla/team-runtime";
import { perform } from "./effects.ts";
import { planned } from "./transitions.ts";

export const taskIdOf = (m: TaskRequest) => m.task_id ?? ids.taskFromRequest(m.message_id);

/** Leadership's first step: the agents draft a plan of work packets with dependencies, and vote on it. */
export const planStep = defineStep({
  step: "plan",
  consumes: "leadership.plan.requested",
  output: { name: "Plan", schema: Plan },
  artifact: { store: "plan_artifacts", name: "plan.json" },
  prompt: (m) =>
    [
      "Decompose this task into work packets for the development, qa, documentation and devops teams. Give each packet an id" +
        " (letters, digits, - or _), testable acceptance criteria, and the ids of the packets it depends on. Independent" +
        " packets run in parallel; every development packet is tested by QA, documented and deployed.",
      `Task (${m.task.priority} priority): ${m.workflow.task_description}`,
      m.workflow.feedback.length ? `The last plan was not usable:\n- ${m.workflow.feedback.join("\n- ")}` : "",
    ]
      .filter(Boolean)
      .join("\n\n"),
  finish: async (ctx, m, r) => {
    const { state, effects } = await planned(ctx, m.message_id, r);
    const packets = state.packets.map((p) => ({ id: p.id, team: p.team, depends_on: p.depends_on }));
    // The record of the plan and its first requests do not depend on each other: both go out at once.
    await Promise.all([state.phase === "working" && recordPlan(ctx, r, packets), perform(ctx, state, effects)]);
  },
});

/** The plan for people and tools: KV task_assignments and dependency_graph, and Qdrant cross_team_tasks (past plans are retrieved). */
async function recordPlan(
  ctx: TeamContext,
  r: StepResult<Plan>,
  packets: Array<{ id: string; team: string; depends_on: string[] }>,
) {
  const taskId = r.workflow.task_id;
  await Promise.all([
    ctx.bus.putJson("task_assignments", taskId, {
      task_id: taskId,
      round: r.workflow.round,
      packets: Object.groupBy(packets, (p) => p.team),
    }),
    ctx.bus.putJson("dependency_graph", taskId, Object.fromEntries(packets.map((p) => [p.id, p.depends_on]))),
    ctx.knowledge.upsert("cross_team_tasks", [
      {
        id: taskId,
        text: [
          r.workflow.task_description,
          r.output.summary,
          ...r.output.work_packets.map((p) => `${p.team}: ${p.title}`),
        ].join("\n"),
        payload: {
          kind: "plan",
          task_id: taskId,
          team: "leadership",
          plan: r.output,
          artifact: r.artifact,
          round: r.workflow.round,
          agent: r.producer.agent,
          model: r.producer.model,
        },
      },
    ]),
  ]);
}
