import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import {
  credentialsDir,
  ensureCredentials,
  startNatsServer,
  startQdrant,
  waitUntil,
  type LocalCredentials,
  type ServerHandle,
} from "@flotilla/infra";
import { connectBus, type Bus } from "@flotilla/bus";
import { createKnowledgeStore, type KnowledgeStore } from "@flotilla/knowledge";
import { createLogger } from "@flotilla/log";
import {
  QDRANT_COLLECTIONS_DEFAULT,
  REQUIRED_COLLECTIONS,
  TEAMS,
  type TeamHealth,
  type TeamName,
} from "@flotilla/contracts";

export const ROOT = resolve(import.meta.dirname, "../..");

export interface Fleet {
  dir: string;
  /**
   * What a process of this fleet needs besides its own NATS credentials: the servers' addresses,
   * the Qdrant keys and FLOTILLA_HOME (the fleet's folder), where the CLI and a team started
   * without NATS_USER find theirs (`<dir>/credentials/<user>.env`).
   */
  env: Record<string, string>;
  /** The generated users (admin, client, one per team) and Qdrant keys, as the launcher makes them. */
  credentials: LocalCredentials;
  /** Connected as admin: it provisioned the streams, and reads anything for the assertions. */
  bus: Bus;
  knowledge: KnowledgeStore;
  procs: Map<string, ChildProcess>;
  /** Starts one team process in the background (no MCP stdio) and waits for its first health report. */
  startTeam(team: TeamName, name?: string, env?: Record<string, string>): Promise<ChildProcess>;
  kill(name: string, signal?: NodeJS.Signals): Promise<void>;
  /** Stops nats-server and starts it again on the same address, data and users (clients reconnect). */
  restartNats(): Promise<void>;
  /** A real MCP client connected over stdio to a freshly spawned leadership instance. */
  mcpClient(): Promise<Client>;
  stop(): Promise<void>;
}

/**
 * A whole fleet for one test file: its own nats-server and Qdrant (so files do not share
 * streams or collections), secured as the launcher secures them (generated users with the
 * catalogue's permissions, Qdrant API keys), and team processes started from their real entry
 * points, each connecting as its own team.
 */
export async function startFleet(
  opts: { teams?: readonly TeamName[]; env?: Record<string, string> } = {},
): Promise<Fleet> {
  const dir = mkdtempSync(join(tmpdir(), "flotilla-fleet-"));
  const credentials = ensureCredentials(credentialsDir(dir));
  const { apiKey, readOnlyApiKey } = credentials.qdrant;
  const servers: ServerHandle[] = [
    await startNatsServer({ dataDir: join(dir, "nats"), authFile: credentials.natsAuthFile }),
    await startQdrant({ dataDir: join(dir, "qdrant"), apiKey, readOnlyApiKey }),
  ];
  const env: Record<string, string> = {
    NATS_URL: servers[0]!.url,
    QDRANT_URL: servers[1]!.url,
    QDRANT_API_KEY: apiKey,
    QDRANT_READ_ONLY_API_KEY: readOnlyApiKey,
    FLOTILLA_HOME: dir,
    FLOTILLA_WORKSPACE: join(dir, "workspace"),
    TEAM_HEALTH_INTERVAL_MS: "1000",
    NATS_ACK_WAIT_MS: "4000",
    NATS_RETRY_BASE_MS: "100",
    LOG_LEVEL: "info",
    // Tests never reach a real provider, whatever keys the developer's shell holds.
    FLOTILLA_PROVIDER: "simulated",
    ...opts.env,
  };
  const logger = createLogger({ name: "fleet-test", level: "warn" });
  const admin = credentials.nats.admin;
  const bus = await connectBus({
    url: env.NATS_URL!,
    team: "test",
    instanceId: "test",
    logger,
    user: admin.user,
    pass: admin.password,
  });
  await bus.provision();
  const knowledge = createKnowledgeStore({ url: env.QDRANT_URL!, apiKey, logger });
  // Teams create their collections in the background once they report healthy; tests that write
  // points before any task (quality records, knowledge) need them when startFleet returns.
  const collections = knowledge.ensureCollections([
    ...new Set([...QDRANT_COLLECTIONS_DEFAULT, ...REQUIRED_COLLECTIONS]),
  ]);
  collections.catch(() => undefined); // awaited below, once the teams are up
  const natsUser = (team: TeamName) => ({
    NATS_USER: credentials.nats[team].user,
    NATS_PASSWORD: credentials.nats[team].password,
  });
  const procs = new Map<string, ChildProcess>();
  const clients: Client[] = [];

  const startTeam = async (team: TeamName, name: string = team, extra: Record<string, string> = {}) => {
    const instance = `${name}-${Date.now()}`;
    const log = createWriteStream(join(dir, `${name}.log`), { flags: "a" });
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "teams", team, "src", "main.ts")], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...env,
        ...natsUser(team),
        ...extra,
        FLOTILLA_MCP_STDIO: "false",
        FLOTILLA_INSTANCE_ID: instance,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    procs.set(name, child);
    await waitUntil(
      async () => {
        if (child.exitCode !== null)
          throw new Error(`${name} exited with ${child.exitCode}; see ${join(dir, `${name}.log`)}`);
        const h = await bus.lastMessage<TeamHealth>(`team.${team}.health`).catch(() => null);
        return h?.instance_id === instance;
      },
      `${name} to report healthy`,
      60_000,
    );
    return child;
  };

  try {
    for (const team of opts.teams ?? TEAMS) await startTeam(team);
    await collections;
  } catch (err) {
    // A team that does not come up must not leave servers behind.
    for (const child of procs.values()) child.kill("SIGKILL");
    await bus.close();
    for (const s of servers.reverse()) await s.stop();
    throw err;
  }

  const fleet: Fleet = {
    dir,
    env,
    credentials,
    bus,
    knowledge,
    procs,
    startTeam,
    async restartNats() {
      const port = Number(new URL(servers[0]!.url.replace(/^nats:/, "http:")).port);
      await servers[0]!.stop();
      servers[0] = await startNatsServer({ dataDir: join(dir, "nats"), port, authFile: credentials.natsAuthFile });
    },
    async kill(name, signal = "SIGTERM") {
      const child = procs.get(name);
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill(signal);
      await exited;
    },
    async mcpClient() {
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: ["--import", "tsx", join(ROOT, "teams/leadership/src/main.ts")],
        cwd: ROOT,
        env: {
          ...(process.env as Record<string, string>),
          ...env,
          ...natsUser("leadership"),
          LOG_FILE: join(dir, "leadership-mcp.log"),
        },
        stderr: "ignore",
      });
      const client = new Client(
        { name: "flotilla-test", version: "1.0.0" },
        { capabilities: { tasks: { requests: {} } } as never },
      );
      await client.connect(transport);
      clients.push(client);
      return client;
    },
    async stop() {
      await Promise.all(clients.map((c) => c.close().catch(() => {})));
      await Promise.all([...procs.keys()].map((n) => fleet.kill(n)));
      await bus.close();
      for (const s of servers.reverse()) await s.stop();
      if (!process.env.KEEP_FLEET_DIR) rmSync(dir, { recursive: true, force: true });
    },
  };
  return fleet;
}
