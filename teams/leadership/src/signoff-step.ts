import { SignOff, type DeploymentComplete } from "@flotilla/contracts";
import type { StepSpec } from "@flotilla/team-runtime";
import { completeTask } from "./outcome.ts";
import { record } from "./routing.ts";
import { updateState } from "./state.ts";

/** Leadership's last step: rate the deployment, vote on the sign-off, publish the outcome. */
export const signoffStep: StepSpec<DeploymentComplete, SignOff> = {
  step: "signoff",
  consumes: "devops.deployed",
  output: { name: "SignOff", schema: SignOff },
  artifact: { store: "plan_artifacts", name: "signoff.json" },
  workflow: (m, ctx) => ({
    task_id: m.task_id, step: "signoff", round: m.workflow.round,
    received_work: [{ step: "deploy", round: m.workflow.round, artifact: m.deployment.manifest_location, produced_by: m.produced_by }],
    feedback: [], may_return: m.workflow.round <= ctx.config.FEEDBACK_MAX_ROUNDS,
    plan: m.workflow.plan, task_description: m.workflow.task_description,
  }),
  prompt: (m, received) =>
    `Review the whole result of this task (deployed to ${m.deployment.workspace_path ?? m.deployment.environment}) and sign it off.\n\n${received}`,
  finish: async (ctx, m, r) => {
    await record(ctx, "deploy", m, m.deployment.manifest_location);
    await updateState(ctx, m.task_id, `signoff voted: ${r.vote.outcome}`, (s) => {
      s.steps.signoff = { team: "leadership", round: r.workflow.round, artifact: r.artifact, vote: r.vote, produced_by: r.producer, rating_given: r.rating, extra: {}, context: r.context };
      s.rounds.signoff = r.workflow.round;
      const flags = [...(r.output.accepted ? [] : ["leadership signed off with reservations"]),
        ...(r.rating && !r.rating.approved ? [`signoff: leadership went on with devops' work rated ${r.rating.overall} (feedback rounds spent)`] : [])];
      s.quality_flags = [...new Set([...s.quality_flags, ...flags])];
    });
    await completeTask(ctx, m.task_id, r.artifact);
  },
};
