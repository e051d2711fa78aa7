import { envelope, ids, type ArtifactLink, type PacketOutcome, type TeamOutcome } from "@flotilla/contracts";
import type { TeamContext } from "@flotilla/team-runtime";
import type { StepRecord, WorkflowState } from "./state.ts";

/** Every packet as it ended: status, rounds, vote, rating given, artifacts. */
export function packetOutcomes(s: WorkflowState): PacketOutcome[] {
  return s.packets.map((p) => ({
    id: p.id,
    team: p.team,
    step: p.step,
    title: p.title,
    depends_on: p.depends_on,
    status: p.status,
    rounds: p.round,
    implied: p.implied,
    reason: p.reason,
    vote: p.result?.vote,
    produced_by: p.result?.produced_by,
    ratings_given: p.result?.rating_given,
    artifacts: p.result ? [p.result.artifact, ...Object.values(p.result.extra)] : [],
    started_at: p.started_at,
    finished_at: p.finished_at,
  }));
}

/** The records of a task, plan and sign-off included, each with where it belongs. */
function records(
  s: WorkflowState,
): Array<{ rec: StepRecord; step: TeamOutcome["step"]; packet?: string; rounds: number }> {
  return [
    ...(s.plan ? [{ rec: s.plan, step: "plan" as const, rounds: s.plan_round }] : []),
    ...s.packets.flatMap((p) => (p.result ? [{ rec: p.result, step: p.step, packet: p.id, rounds: p.round }] : [])),
    ...(s.signoff ? [{ rec: s.signoff, step: "signoff" as const, rounds: s.signoff_round }] : []),
  ];
}

function links(s: WorkflowState): { artifacts: ArtifactLink[]; teams: TeamOutcome[] } {
  const all = records(s);
  return {
    artifacts: all.flatMap(({ rec, step, packet }) => [
      { step, packet_id: packet, team: rec.team, kind: rec.artifact.object_store, ref: rec.artifact },
      ...Object.entries(rec.extra).map(([kind, ref]) => ({ step, packet_id: packet, team: rec.team, kind, ref })),
    ]),
    teams: all.map(({ rec, step, packet, rounds }) => ({
      team: rec.team,
      step,
      packet_id: packet,
      rounds: Math.max(1, rounds),
      vote: rec.vote,
      produced_by: rec.produced_by,
      ratings_given: rec.rating_given,
    })),
  };
}

const elapsed = (s: WorkflowState) =>
  Math.max(0, Date.parse(s.finished_at ?? new Date().toISOString()) - Date.parse(s.started_at));

/** Publishes the ended task's outcome on system.task.completed or .failed, with every packet, vote, rating and artifact. */
export async function publishOutcome(ctx: TeamContext, s: WorkflowState): Promise<void> {
  const head = (kind: string) =>
    envelope({
      sender: { team: "leadership", agent: ctx.author.spec.name, instance_id: ctx.instanceId },
      message_id: ids.message(s.task_id, "leadership", "outcome", kind),
      correlation_id: s.correlation_id,
      parent_task_id: s.task_id,
      trace_id: s.trace_id,
    });
  const common = {
    ...links(s),
    packets: packetOutcomes(s),
    task_id: s.task_id,
    description: s.description,
    simulated: s.simulated,
    quality_flags: s.quality_flags,
    duration_ms: elapsed(s),
  };
  if (s.status === "completed" && s.signoff) {
    await ctx.bus.publish("system.task.completed", {
      ...head("completed"),
      ...common,
      status: "completed",
      signoff: s.signoff.artifact,
    });
  } else if (s.status === "failed") {
    await ctx.bus.publish("system.task.failed", {
      ...head("failed"),
      ...common,
      status: "failed",
      reason: s.reason ?? "unknown",
      failed_step: s.current_step,
    });
  }
}
