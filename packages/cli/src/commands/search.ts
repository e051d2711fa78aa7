import { loadConfig } from "@flotilla/config";
import { createKnowledgeStore, embedderFromEnv } from "@flotilla/knowledge";
import { createLogger } from "@flotilla/log";
import { searchKnowledge } from "@flotilla/team-runtime";
import { join } from "node:path";
import { ensureServers, explainUnreachable } from "../infra-commands.ts";
import { LOG_DIR } from "../paths.ts";
import { out } from "../say.ts";

/**
 * `flotilla search "QUERY" [--collection C] [--json]`: ranked chunks with source file, heading
 * path and score. Starts NATS and Qdrant first when nothing answers, as `up` would.
 */
export async function runSearch(
  query: string,
  opts: { collection?: string; limit?: string; json?: boolean; source?: string; team?: string; tag?: string[] },
): Promise<number> {
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
    // Searching only reads: the read-only key does.
    apiKey: config.QDRANT_READ_ONLY_API_KEY || config.QDRANT_API_KEY || undefined,
    logger,
    embedder: await embedderFromEnv(process.env, { logger }),
  });
  const filter = {
    ...(opts.source ? { source: opts.source } : {}),
    ...(opts.team ? { team: opts.team } : {}),
    ...(opts.tag?.length ? { tags: opts.tag } : {}),
  };
  const results = await searchKnowledge(knowledge, query, {
    collection: opts.collection,
    limit: Number(opts.limit ?? 10),
    filter: Object.keys(filter).length ? filter : undefined,
  }).catch((err: unknown) => explainUnreachable("Qdrant", err));
  if (opts.json) {
    out(JSON.stringify(results, null, 2));
    return 0;
  }
  if (!results.length) out("no matching chunks");
  results.forEach((r, i) => {
    const heading = r.heading_path?.length ? ` › ${r.heading_path.join(" › ")}` : "";
    out(`${String(i + 1).padStart(2)}. ${r.score.toFixed(3)}  ${r.collection}  ${r.source ?? "?"}${heading}`);
    out(`     ${r.text.slice(0, 240).replace(/\s+/g, " ")}`);
  });
  return 0;
}
