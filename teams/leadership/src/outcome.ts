import {
  envelope,
  ids,
  outcomeRef,
  type ArtifactLink,
  type PacketOutcome,
  type TeamOutcome,
} from "@flotilla/contracts";
import type { TeamContext } from "@flotilla/team-runtime";
import type { StepRecord, WorkflowState } from "./state.ts";
import { approvalRecords } from "./gates.ts";

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
    runs: p.result?.runs ?? [],
    model_choices: p.result?.model_choices ?? [],
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

/**
 * Votes whose every ballot came from one provider are one vendor agreeing with itself: the
 * outcome says so in one flag naming them (under simulation the provider is `simulated`).
 */
function singleProviderVotes(s: WorkflowState): string[] {
  const single = records(s).filter(({ rec }) => rec.vote.single_provider);
  if (!single.length) return [];
  const providers = [...new Set(single.flatMap(({ rec }) => rec.vote.providers))].join(", ");
  const steps = single.map(({ rec, step, packet }) => `${rec.team} ${step}${packet ? ` (${packet})` : ""}`);
  return [`single-provider vote (every ballot from ${providers}): ${steps.join(", ")}`];
}

/** Unverified as soon as one test packet could not run its tests; verified when all ran. */
function verificationOf(s: WorkflowState): "verified" | "unverified" | "none" {
  const seen = s.packets.flatMap((p) => (p.result?.verification ? [p.result.verification] : []));
  if (seen.includes("unverified")) return "unverified";
  return seen.length ? "verified" : "none";
}

const elapsed = (s: WorkflowState) =>
  Math.max(0, Date.parse(s.finished_at ?? new Date().toISOString()) - Date.parse(s.started_at));

/** The outcome, kept where `flotilla show TASK` finds it (streams keep messages, not an index by task). */
const keep = (ctx: TeamContext, taskId: string, outcome: unknown) =>
  ctx.bus.objects.put(outcomeRef(taskId), JSON.stringify(outcome, null, 2));

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
    quality_flags: [...s.quality_flags, ...singleProviderVotes(s)],
    duration_ms: elapsed(s),
    repository: s.packets.find((p) => p.result?.repository)?.result?.repository,
    verification: verificationOf(s),
    approvals: approvalRecords(s),
  };
  if (s.status === "completed" && s.signoff) {
    const outcome = { ...head("completed"), ...common, status: "completed" as const, signoff: s.signoff.artifact };
    await keep(ctx, s.task_id, outcome);
    await ctx.bus.publish("system.task.completed", outcome);
  } else if (s.status === "failed") {
    const outcome = {
      ...head("failed"),
      ...common,
      status: "failed" as const,
      reason: s.reason ?? "unknown",
      failed_step: s.current_step,
    };
    await keep(ctx, s.task_id, outcome);
    await ctx.bus.publish("system.task.failed", outcome);
  }
}
