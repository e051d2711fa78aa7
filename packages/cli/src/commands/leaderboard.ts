import { leaderboardReport, renderLeaderboard } from "@flotilla/quality";
import { explainUnreachable } from "../infra-commands.ts";
import { cliReadOnlyKnowledge } from "../connect.ts";
import { out } from "../say.ts";

export interface LeaderboardFlags {
  type?: string;
  role?: string;
  team?: string;
  model?: string;
  json?: boolean;
}

/**
 * `flotilla leaderboard [--type T] [--role R] [--team T] [--model M] [--json]`: each model's
 * quality per task type and role, with its uncertainty, from Qdrant quality_metrics and team_votes
 * (the figures leadership's `leaderboard` tool gives). Starts NATS and Qdrant first when nothing
 * answers, as `search` does: the stored records are in Qdrant's data folder.
 */
export async function runLeaderboard(flags: LeaderboardFlags): Promise<number> {
  // Reading only: the read-only key does, and nothing is searched by meaning.
  const knowledge = await cliReadOnlyKnowledge();
  const report = await leaderboardReport(knowledge, {
    task_type: flags.type,
    role: flags.role,
    team: flags.team,
    model: flags.model,
  }).catch((err: unknown) => explainUnreachable("Qdrant", err));
  out(flags.json ? JSON.stringify(report, null, 2) : renderLeaderboard(report));
  return 0;
}
