import type { TaskCompleted, TaskFailed } from "./messages/task.ts";

/** What a person reads: per team the vote, attempts and ballots, ratings given, artifacts. */
export function renderOutcome(o: TaskCompleted | TaskFailed): string {
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
