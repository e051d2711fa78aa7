import { join } from "node:path";
import { connectBus, type Bus } from "@flotilla/bus";
import { loadConfig, type Config } from "@flotilla/config";
import type { NatsAuthUser } from "@flotilla/infra";
import { createLogger } from "@flotilla/log";
import { createKnowledgeStore, embedderFromEnv, type KnowledgeStore } from "@flotilla/knowledge";
import { ensureServers, explainUnreachable } from "./infra-commands.ts";
import { cliNatsAuth } from "./local-credentials.ts";
import { LOG_DIR } from "./paths.ts";
import { note } from "./say.ts";

/** The CLI's own log: .flotilla/logs/cli.log unless LOG_FILE says otherwise. */
export const cliLogger = (config: Pick<Config, "LOG_LEVEL" | "LOG_FILE">) =>
  createLogger({ name: "flotilla.cli", level: config.LOG_LEVEL, file: config.LOG_FILE || join(LOG_DIR, "cli.log") });

/**
 * A bus connection for the CLI itself (sender "cli"), logging to .flotilla/logs/cli.log. When
 * NATS does not answer, the error names its URL and the command that starts it.
 *
 * It connects as `admin` unless told `as: "client"` (submit: a task request and its outcome
 * are all it needs), with the credentials `.flotilla/credentials` holds, or NATS_USER's. Only an
 * admin (or anonymous, on a server without users) connection provisions the streams.
 *
 * @example
 * const bus = await cliBus({ as: "client" });
 */
export async function cliBus(opts: { as?: NatsAuthUser } = {}): Promise<Bus> {
  const config = loadConfig();
  const logger = cliLogger(config);
  const auth = cliNatsAuth(opts.as ?? "admin");
  const bus = await connectBus({
    url: config.NATS_URL,
    team: "cli",
    instanceId: `cli-${process.pid}`,
    logger,
    ...auth,
  }).catch((err: unknown) => explainUnreachable("NATS", err));
  if (!auth.user || auth.user === "admin") await bus.provision();
  return bus;
}

/**
 * Creates the streams, consumers, buckets and stores as admin, so teams (which may only check
 * them) can start. A failure is said, not thrown: each team checks again and names what is missing.
 */
export async function provisionFleet(): Promise<void> {
  try {
    const bus = await cliBus({ as: "admin" });
    await bus.close();
  } catch (err) {
    note(`could not provision NATS as admin: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * A Qdrant store for a command that only reads (search, leaderboard): after `ensureServers`,
 * with the read-only key when there is one, logging to .flotilla/logs/cli.log. `embed`: dense
 * vectors for hybrid search when an embedding provider is configured.
 */
export async function cliReadOnlyKnowledge(opts: { embed?: boolean } = {}): Promise<KnowledgeStore> {
  // After the servers: starting them gives this process the Qdrant keys (.flotilla/credentials).
  await ensureServers();
  const config = loadConfig();
  const logger = cliLogger(config);
  return createKnowledgeStore({
    url: config.QDRANT_URL,
    apiKey: config.QDRANT_READ_ONLY_API_KEY || config.QDRANT_API_KEY || undefined,
    logger,
    embedder: opts.embed ? await embedderFromEnv(process.env, { logger }) : undefined,
  });
}
