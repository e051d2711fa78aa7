import { hostname } from "node:os";
import { loadConfig, ConfigError } from "@flotilla/config";
import { REQUIRED_COLLECTIONS } from "@flotilla/contracts";
import { createLogger } from "@flotilla/log";
import { connectBus } from "@flotilla/bus";
import { startTracing } from "@flotilla/tracing";
import { credentialsDir, credentialsEnv } from "@flotilla/infra";
import { createKnowledgeStore, embedderFromEnv } from "@flotilla/knowledge";
import type { TeamContext, TeamSpec } from "./types.ts";
import { bindAgents } from "./agents.ts";
import { wireModels } from "./model-wiring.ts";
import { applyRoster, RosterError } from "@flotilla/models";
import { TeamStats } from "./stats.ts";
import { recordingFailures } from "./quality/handler-failures.ts";
import { seededRandom } from "@flotilla/quality";
import { startHealth } from "./health.ts";
import { IO_PROFILE_ENV, startIoProfile } from "./profile/io-profile.ts";
import { ensuredOnFirstUse } from "./ensured-store.ts";

export interface RunningTeam {
  ctx: TeamContext;
  /** Stops taking work, lets the handlers in flight end, says `stopped` (with `reason`) and closes the bus. */
  stop(reason?: string): Promise<void>;
}

/**
 * Runs a team as one process: a NATS worker on its durable consumers (shared by every instance
 * of the team) and, unless FLOTILLA_MCP_STDIO=false, an MCP server on stdio.
 */
export async function runTeam(spec: TeamSpec): Promise<RunningTeam> {
  // Started without credentials (Claude Desktop running the entry point, an IDE), the team takes
  // its own from .flotilla/credentials: no secret has to be written into a client's config.
  const config = loadConfig({ ...process.env, ...credentialsEnv(credentialsDir(), spec.name) });
  const instanceId = config.FLOTILLA_INSTANCE_ID || `${spec.name}-${hostname()}-${process.pid}`;
  const logger = createLogger({
    name: `flotilla.${spec.name}`,
    level: config.LOG_LEVEL,
    file: config.LOG_FILE || undefined,
    base: { team: spec.name, instance_id: instanceId },
  });
  // OpenTelemetry only with OTEL_EXPORTER_OTLP_ENDPOINT: otherwise the SDK is not even loaded.
  const tracing = await startTracing({
    endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
    serviceName: config.OTEL_SERVICE_NAME || `flotilla-${spec.name}`,
    instanceId,
    logger,
  });
  // Only under the bench (FLOTILLA_IO_PROFILE): each task's round trips, counted.
  const meters = startIoProfile(process.env[IO_PROFILE_ENV], spec.name);
  const bus = await connectBus({
    url: config.NATS_URL,
    team: spec.name,
    instanceId,
    logger,
    user: config.NATS_USER,
    pass: config.NATS_PASSWORD,
    ackWaitMs: config.NATS_ACK_WAIT_MS,
    maxDeliver: config.NATS_MAX_DELIVER,
    retryBaseMs: config.NATS_RETRY_BASE_MS,
    meter: meters?.bus,
  });
  // Dense vectors join BM25 when an embedding provider is configured (EMBEDDING_PROVIDER).
  const embedder = await embedderFromEnv(process.env, { logger });
  // Collections are ensured in the background, not before the consumers: health goes out on
  // subscribe, and the first operation on the store waits for them (ensured-store.ts).
  const knowledge = ensuredOnFirstUse(
    createKnowledgeStore({
      url: config.QDRANT_URL,
      apiKey: config.QDRANT_API_KEY || undefined,
      logger,
      embedder,
      meter: meters?.knowledge,
    }),
    [...new Set([...config.QDRANT_COLLECTIONS, ...REQUIRED_COLLECTIONS])],
    logger,
  );
  await bus.provision();
  const models = await wireModels(spec.name, instanceId, config, bus, logger);
  const agents = bindAgents(applyRoster(spec.name, spec.agents, process.env), {
    team: spec.name,
    instanceId,
    config,
    bus,
    logger,
    models,
  });
  const ctx: TeamContext = {
    team: spec.name,
    instanceId,
    config,
    bus,
    knowledge,
    logger,
    agents,
    author: agents[0]!,
    random: seededRandom(config.MODEL_SELECTION_SEED === "" ? undefined : Number(config.MODEL_SELECTION_SEED)),
  };

  const stats = new TeamStats();
  const recorded = recordingFailures(ctx);
  const consumers = await Promise.all(
    [...spec.steps, ...(spec.handlers ?? [])].map((c) => c.subscribe(ctx, (fn) => stats.track(recorded(fn)))),
  );
  const health = startHealth(ctx, stats);
  const services = (await Promise.all((spec.services ?? []).map((start) => start(ctx)))).filter((x) => x !== undefined);
  const simulated = agents.some((a) => a.model.simulated);
  logger.info(
    {
      agents: agents.map((a) => `${a.spec.name}=${a.model.provider}/${a.model.modelId}`),
      simulated,
      models: models.reason,
    },
    simulated
      ? `${spec.name} team up — SIMULATION (${models.reason}): agents run on the simulated provider, not on real models`
      : `${spec.name} team up — ${models.reason}`,
  );

  let stopping: Promise<void> | undefined;
  const stop = (reason = "stopped") =>
    (stopping ??= (async () => {
      await Promise.all(services.map((x) => x.stop().catch(() => {})));
      await Promise.all(consumers.map((c) => c.stop()));
      await health.stop(reason); // last, while the bus is still open: no more work is taken from here on
      await bus.close();
      await tracing.shutdown(); // the spans still buffered go out before the process ends
      logger.info("stopped");
      logger.flush();
    })());

  if (config.FLOTILLA_MCP_STDIO) {
    // Imported here: a team serving only NATS (`up`, bench) never loads the MCP SDK's server.
    const { buildMcpServer, serveStdio } = await import("./mcp-server.ts");
    const server = await buildMcpServer(spec, ctx);
    // The client closing stdin ends this instance (Claude Desktop spawned it).
    await serveStdio(server, () => void stop("the MCP client closed stdin").then(() => process.exit(0)));
  }
  return { ctx, stop };
}

/** Entry point of a team process: runs it, stops cleanly on signals, explains bad config. */
export async function main(spec: TeamSpec): Promise<void> {
  try {
    const team = await runTeam(spec);
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.once(signal, () => void team.stop(`stopped on ${signal}`).then(() => process.exit(0)));
    }
  } catch (err) {
    const message =
      err instanceof ConfigError || err instanceof RosterError
        ? err.message
        : `${spec.name} team failed to start: ${(err as Error).stack ?? err}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }
}
