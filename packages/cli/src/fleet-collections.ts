import { join } from "node:path";
import { loadConfig } from "@flotilla/config";
import { REQUIRED_COLLECTIONS } from "@flotilla/contracts";
import { createKnowledgeStore } from "@flotilla/knowledge";
import { createLogger } from "@flotilla/log";
import { LOG_DIR } from "./paths.ts";

/**
 * Creates the Qdrant collections the teams use, as they do themselves in the background after
 * they report healthy. `up` runs it beside the teams' start so that a command run right after
 * it (`search`, `leaderboard`, which only read) finds them. Resolves with the failure's message,
 * or undefined: a team retries on its first use anyway.
 */
export async function ensureFleetCollections(): Promise<string | undefined> {
  const config = loadConfig();
  const logger = createLogger({
    name: "flotilla.cli",
    level: config.LOG_LEVEL,
    file: config.LOG_FILE || join(LOG_DIR, "cli.log"),
  });
  const store = createKnowledgeStore({ url: config.QDRANT_URL, apiKey: config.QDRANT_API_KEY || undefined, logger });
  try {
    await store.ensureCollections([...new Set([...config.QDRANT_COLLECTIONS, ...REQUIRED_COLLECTIONS])]);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
