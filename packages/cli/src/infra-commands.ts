import { FlotillaError, isConnectionError } from "@flotilla/errors";
import { loadConfig } from "@flotilla/config";
import { canConnect, ensureInfra, isAlive, isLoopbackHost, qdrantReady } from "@flotilla/infra";
import { CREDENTIALS_DIR, teamCredentialsEnv, useLocalCredentials } from "./local-credentials.ts";
import { DATA_DIR, natsUrl, qdrantApiKey, qdrantUrl, type Team } from "./paths.ts";
import { readPid, runsProgram, writePid } from "./pidfiles.ts";
import { note } from "./say.ts";

export type Service = "NATS" | "Qdrant";

const SERVICES = {
  NATS: { variable: "NATS_URL", compose: "nats", url: natsUrl },
  Qdrant: { variable: "QDRANT_URL", compose: "qdrant", url: qdrantUrl },
} as const;

const hostOf = (service: Service) => new URL(SERVICES[service].url().replace(/^nats:/, "http:")).hostname;

/**
 * The error for a server that does not answer: its URL, the variable that sets it and the
 * command that fixes it, instead of a bare "fetch failed" or ECONNREFUSED.
 *
 * @example
 * throw unreachable("Qdrant", cause); // Qdrant does not answer at http://127.0.0.1:6333 — start it with …
 */
export function unreachable(service: Service, cause?: unknown): FlotillaError {
  const { variable, compose, url } = SERVICES[service];
  const at = url();
  const fix = isLoopbackHost(hostOf(service))
    ? `start it with \`scripts/flotilla up\` or \`docker compose up -d ${compose}\``
    : `check ${variable} and that the server runs there`;
  return new FlotillaError(`${service} does not answer at ${at} — ${fix}`, {
    isRetryable: true,
    cause,
    context: { variable, url: at },
  });
}

/** Rethrows a connection failure as `unreachable(service)`; anything else as it was. */
export function explainUnreachable(service: Service, err: unknown): never {
  throw isConnectionError(err) ? unreachable(service, err) : err;
}

/** True when the server answers: NATS accepts TCP, Qdrant says it is ready. */
async function answers(service: Service): Promise<boolean> {
  if (service === "Qdrant") return qdrantReady(qdrantUrl().replace(/\/$/, ""), qdrantApiKey());
  const { hostname, port } = new URL(natsUrl().replace(/^nats:/, "http:"));
  return canConnect(hostname, port ? Number(port) : 4222);
}

/**
 * Makes NATS and Qdrant answer at the configured addresses. Servers are started detached so
 * they outlive this CLI (other `mcp` instances and teams share them), and each one started here
 * is recorded in .flotilla/run so `down` stops exactly what we started and nothing else. A
 * server on another host cannot be started here: that is an `unreachable` error.
 *
 * Both are secured with `.flotilla/credentials` (generated on first use, see docs/security.md):
 * NATS with a user per team, `client` and `admin`, Qdrant with its API keys, which this
 * process then uses too. A nats-server we started earlier reloads its users' permissions when
 * the subject catalogue changed them.
 */
export async function startInfra(): Promise<string[]> {
  for (const service of ["NATS", "Qdrant"] as const) {
    if (!isLoopbackHost(hostOf(service)) && !(await answers(service))) throw unreachable(service);
  }
  const config = loadConfig();
  const infra = await ensureInfra({
    natsUrl: natsUrl(),
    qdrantUrl: qdrantUrl(),
    qdrantApiKey: config.QDRANT_API_KEY || undefined,
    qdrantReadOnlyApiKey: config.QDRANT_READ_ONLY_API_KEY || undefined,
    dataDir: DATA_DIR,
    credentialsDir: CREDENTIALS_DIR,
    detached: true,
    onStart: (what) => note(`starting ${what}`),
  });
  const reloaded = infra.credentials?.natsAuthChanged && !infra.started.some((s) => s.name === "nats-server");
  if (reloaded) reloadNatsServer();
  useLocalCredentials();
  for (const s of infra.started) writePid(s.name, s.pid);
  return infra.started.map((s) => `${s.name} (pid ${s.pid}) on ${s.url}`);
}

/** SIGHUP makes nats-server re-read its configuration file: the users' permissions as now derived. */
export function reloadNatsServer(): void {
  const pid = readPid("nats-server");
  if (!pid || !isAlive(pid) || !runsProgram(pid, "nats-server")) return;
  process.kill(pid, "SIGHUP");
  note(`nats-server (pid ${pid}) reloads the users' permissions`);
}

/** `startInfra` for commands that need the servers: says what it started and how to stop it. */
export async function ensureServers(): Promise<void> {
  for (const s of await startInfra()) note(`started ${s}; \`scripts/flotilla down\` stops it`);
}

/** Environment every team process gets: the same addresses the CLI just ensured. */
export function teamBaseEnv(): NodeJS.ProcessEnv {
  return { ...process.env, NATS_URL: natsUrl(), QDRANT_URL: qdrantUrl() };
}

/** `teamBaseEnv` plus the team's own NATS user and the Qdrant keys (`.flotilla/credentials`). */
export function teamEnv(team: Team): NodeJS.ProcessEnv {
  const base = teamBaseEnv();
  return { ...base, ...teamCredentialsEnv(team, base) };
}
