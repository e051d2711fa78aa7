import { envelope, ids, type ArtifactLink, type Envelope, type ObjectRef, type TeamOutcome } from "@flotilla/contracts";
import type { TeamContext } from "@flotilla/team-runtime";
import { updateState, type WorkflowState } from "./state.ts";

function links(s: WorkflowState): { artifacts: ArtifactLink[]; teams: TeamOutcome[] } {
  const artifacts: ArtifactLink[] = [];
  const teams: TeamOutcome[] = [];
  for (const [step, rec] of Object.entries(s.steps)) {
    if (!rec) continue;
    const st = step as TeamOutcome["step"];
    artifacts.push({ step: st, team: rec.team, kind: rec.artifact.object_store, ref: rec.artifact });
    for (const [kind, ref] of Object.entries(rec.extra)) artifacts.push({ step: st, team: rec.team, kind, ref });
    teams.push({ team: rec.team, step: st, rounds: s.rounds[st] ?? rec.round, vote: rec.vote, produced_by: rec.produced_by, ratings_given: rec.rating_given });
  }
  return { artifacts, teams };
}

/** Outcome headers: the request's correlation id, and a message id fixed per task and outcome. */
function head(ctx: TeamContext, s: WorkflowState, kind: string) {
  return envelope({
    sender: { team: "leadership", agent: ctx.author.spec.name, instance_id: ctx.instanceId },
    message_id: ids.message(s.task_id, "leadership", "outcome", kind),
    correlation_id: s.correlation_id, parent_task_id: s.task_id, trace_id: s.trace_id,
  });
}

const elapsed = (s: WorkflowState) => Math.max(0, Date.parse(s.finished_at ?? new Date().toISOString()) - Date.parse(s.started_at));

/** Signs the task off: state completed, outcome on system.task.completed with every link. */
export async function completeTask(ctx: TeamContext, taskId: string, signoff: ObjectRef): Promise<void> {
  const s = await updateState(ctx, taskId, "completed", (st) => {
    st.status = "completed";
    st.current_step = "signoff";
    st.finished_at ??= new Date().toISOString();
  });
  await ctx.bus.publish("system.task.completed", {
    ...head(ctx, s, "completed"), ...links(s), task_id: taskId, description: s.description, status: "completed", signoff,
    simulated: s.simulated, quality_flags: s.quality_flags, duration_ms: elapsed(s),
  });
}

/** Ends the task with a reason a person can act on: state failed, outcome on system.task.failed. */
export async function failTask(ctx: TeamContext, _cause: Partial<Envelope>, taskId: string, reason: string): Promise<void> {
  const s = await updateState(ctx, taskId, `failed: ${reason}`, (st) => {
    if (st.status !== "running") return;
    st.status = "failed";
    st.reason = reason;
    st.finished_at = new Date().toISOString();
  });
  await ctx.bus.publish("system.task.failed", {
    ...head(ctx, s, "failed"), ...links(s), task_id: taskId, description: s.description, status: "failed", reason: s.reason ?? reason,
    failed_step: s.current_step, simulated: s.simulated, quality_flags: s.quality_flags,
    duration_ms: elapsed(s),
  });
}
