import { join } from "node:path";
import { loadConfig } from "@flotilla/config";
import { createKnowledgeStore } from "@flotilla/knowledge";
import { createLogger } from "@flotilla/log";
import { leaderboardReport, renderLeaderboard } from "@flotilla/quality";
import { ensureServers, explainUnreachable } from "../infra-commands.ts";
import { LOG_DIR } from "../paths.ts";
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
  // After the servers: starting them gives this process the Qdrant keys (.flotilla/credentials).
  await ensureServers();
  const config = loadConfig();
  const logger = createLogger({
    name: "flotilla.cli",
    level: config.LOG_LEVEL,
    file: config.LOG_FILE || join(LOG_DIR, "cli.log"),
  });
  const knowledge = createKnowledgeStore({
    url: config.QDRANT_URL,
    // The leaderboard only reads: the read-only key does. No embedder: nothing is searched by meaning.
    apiKey: config.QDRANT_READ_ONLY_API_KEY || config.QDRANT_API_KEY || undefined,
    logger,
  });
  const report = await leaderboardReport(knowledge, {
    task_type: flags.type,
    role: flags.role,
    team: flags.team,
    model: flags.model,
  }).catch((err: unknown) => explainUnreachable("Qdrant", err));
  out(flags.json ? JSON.stringify(report, null, 2) : renderLeaderboard(report));
  return 0;
}
