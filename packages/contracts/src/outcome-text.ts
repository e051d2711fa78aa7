import type { TaskCompleted, TaskFailed, TeamOutcome } from "./messages/task.ts";

const voteLine = (v: TeamOutcome["vote"]) =>
  `vote ${v.outcome} (attempt ${v.chosen_attempt}/${v.attempts}, ${v.ballots} ballots,` +
  ` approval ${(v.approval_ratio * 100).toFixed(0)}% weighted,` +
  ` head count ${(v.head_count_ratio * 100).toFixed(0)}%${v.single_provider ? `, single-provider vote: ${v.providers.join(", ")}` : ""})`;

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
  const runs = o.packets.flatMap((p) => p.runs.map((r) => ({ packet: p.id, ...r })));
  if (runs.length) lines.push("  sandboxed runs:");
  for (const r of runs)
    lines.push(
      `    ${r.packet.padEnd(22)} ${r.kind.padEnd(10)} ${r.verdict.toUpperCase()}: ${r.passed}/${r.total} passed` +
        `${r.failed ? `, failing ${r.failing.join(", ") || r.failed}` : ""} (${r.command || "nothing ran"}, ` +
        `${r.limit_hit ? `stopped at its ${r.limit_hit} limit, ` : ""}` +
        `${r.exit_code !== null || r.signal ? `exit ${r.exit_code ?? r.signal}, ` : ""}${(r.duration_ms / 1000).toFixed(1)} s)`,
    );
  const unfinished = o.packets.filter((p) => p.status !== "done");
  if (unfinished.length) {
    lines.push("  packets not done:");
    for (const p of unfinished) lines.push(`    ${p.id} (${p.team}) ${p.status}${p.reason ? ` — ${p.reason}` : ""}`);
  }
  const repo = o.repository;
  if (repo) {
    const where = repo.scratch ? `scratch repository ${repo.path}` : repo.path;
    lines.push(
      repo.delivered
        ? `  branch: ${repo.branch} at ${repo.commit.slice(0, 12)} in ${where} (from ${repo.base_commit.slice(0, 12)}; never pushed)`
        : `  branch: ${repo.branch} removed from ${where} (health check failed on ${repo.commit.slice(0, 12)})`,
      `  diff: ${repo.diff_stat.files} files, +${repo.diff_stat.insertions} −${repo.diff_stat.deletions}` +
        `  (flotilla show ${o.task_id} --diff)`,
    );
  }
  if (o.verification === "unverified")
    lines.push("  UNVERIFIED: no sandbox was available, so no generated code ran and no test result is proven");
  else if (o.verification === "verified") lines.push("  verified: QA's tests and the health check ran in the sandbox");
  for (const a of o.approvals)
    lines.push(
      `  approval ${a.id} (${a.step}): ${a.status}${a.by ? ` by ${a.by}` : ""}${a.comment ? ` — ${a.comment}` : ""}`,
    );
  lines.push("  artifacts:");
  for (const a of o.artifacts)
    lines.push(`    ${(a.packet_id ?? a.step).padEnd(22)} ${a.ref.object_store}/${a.ref.key}`);
  if (o.quality_flags.length) lines.push(`  quality flags: ${o.quality_flags.join("; ")}`);
  return lines.join("\n");
}
