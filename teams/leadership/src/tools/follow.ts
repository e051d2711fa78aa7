import type { TaskCompleted, TaskFailed, TaskProgress } from "@flotilla/contracts";
import type { TeamContext } from "@flotilla/team-runtime";

export type Outcome = TaskCompleted | TaskFailed;

/**
 * Follows one task on system.task.> until it completes or fails (or `timeoutMs` passes, then
 * resolves undefined: the task goes on, task_status tells how it ends). Start it before
 * publishing the request so no event is missed.
 */
export function followTask(ctx: TeamContext, taskId: string, onProgress: (p: TaskProgress) => void, timeoutMs: number) {
  let resolve!: (o: Outcome | undefined) => void;
  const done = new Promise<Outcome | undefined>((r) => (resolve = r));
  const sub = ctx.bus.watch("system.task.>", (subject, message) => {
    const m = message as { task_id?: string };
    if (m.task_id !== taskId) return;
    if (subject === "system.task.progress") onProgress(message as TaskProgress);
    else if (subject === "system.task.completed" || subject === "system.task.failed") finish(message as Outcome);
  });
  const timer = setTimeout(() => finish(undefined), timeoutMs);
  function finish(o: Outcome | undefined) {
    clearTimeout(timer);
    sub.stop();
    resolve(o);
  }
  return { done, stop: () => finish(undefined) };
}

/** What a person reads: per team the vote, attempts and ballots, ratings given, artifacts. */
export function renderOutcome(o: Outcome): string {
  const lines = [
    `${o.simulated ? "[SIMULATION — agents ran on the simulated provider, not real models]\n" : ""}Task ${o.task_id}: ${o.status.toUpperCase()}${o.status === "failed" ? ` — ${o.reason}` : ""} in ${(o.duration_ms / 1000).toFixed(1)} s`,
  ];
  for (const t of o.teams) {
    const r = t.ratings_given;
    lines.push(`  ${t.team.padEnd(13)} ${t.step.padEnd(9)} vote ${t.vote.outcome} (attempt ${t.vote.chosen_attempt}/${t.vote.attempts}, ${t.vote.ballots} ballots, approval ${(t.vote.approval_ratio * 100).toFixed(0)}%), rounds ${t.rounds}`
      + (r ? `; rated ${r.to_team} ${r.overall.toFixed(2)} ${r.approved ? "approved" : "rejected"} (${r.rating_ids.length} ratings)` : "")
      + `; by ${t.produced_by.agent} on ${t.produced_by.provider}/${t.produced_by.model}`);
  }
  lines.push("  artifacts:");
  for (const a of o.artifacts) lines.push(`    ${a.step.padEnd(9)} ${a.ref.object_store}/${a.ref.key}`);
  if (o.quality_flags.length) lines.push(`  quality flags: ${o.quality_flags.join("; ")}`);
  return lines.join("\n");
}
