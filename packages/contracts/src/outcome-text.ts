import type { TaskCompleted, TaskFailed, TeamOutcome } from "./messages/task.ts";

const voteLine = (v: TeamOutcome["vote"]) =>
  `vote ${v.outcome} (attempt ${v.chosen_attempt}/${v.attempts}, ${v.ballots} ballots,` +
  ` approval ${(v.approval_ratio * 100).toFixed(0)}% weighted,` +
  ` head count ${(v.head_count_ratio * 100).toFixed(0)}%)`;

/** What a person reads: the plan, every packet with its vote, rating given and artifacts, the sign-off. */
export function renderOutcome(o: TaskCompleted | TaskFailed): string {
  const simulated = o.simulated ? "[SIMULATION — agents ran on the simulated provider, not real models]\n" : "";
  const lines = [
    `${simulated}Task ${o.task_id}: ${o.status.toUpperCase()}${o.status === "failed" ? ` — ${o.reason}` : ""}` +
      ` in ${(o.duration_ms / 1000).toFixed(1)} s`,
  ];
  for (const t of o.teams) {
    const r = t.ratings_given;
    const what = t.packet_id ? `${t.step} ${t.packet_id}` : t.step;
    lines.push(
      `  ${t.team.padEnd(13)} ${what.padEnd(22)} ${voteLine(t.vote)}, rounds ${t.rounds}` +
        (r
          ? `; rated ${r.to_team} ${r.overall.toFixed(2)} ${r.approved ? "approved" : "rejected"} (${r.rating_ids.length} ratings)`
          : "") +
        `; by ${t.produced_by.agent} on ${t.produced_by.provider}/${t.produced_by.model}`,
    );
  }
  const unfinished = o.packets.filter((p) => p.status !== "done");
  if (unfinished.length) {
    lines.push("  packets not done:");
    for (const p of unfinished) lines.push(`    ${p.id} (${p.team}) ${p.status}${p.reason ? ` — ${p.reason}` : ""}`);
  }
  lines.push("  artifacts:");
  for (const a of o.artifacts)
    lines.push(`    ${(a.packet_id ?? a.step).padEnd(22)} ${a.ref.object_store}/${a.ref.key}`);
  if (o.quality_flags.length) lines.push(`  quality flags: ${o.quality_flags.join("; ")}`);
  return lines.join("\n");
}
