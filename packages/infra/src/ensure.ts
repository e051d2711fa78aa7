import { join } from "node:path";
import { ensureCredentials, type LocalCredentials } from "./credentials.ts";
import { canConnect, isLoopbackHost } from "./net.ts";
import { startNatsServer } from "./nats-server.ts";
import { qdrantReady, startQdrant } from "./qdrant-server.ts";
import type { ServerHandle } from "./process.ts";

export interface EnsureInfraOptions {
  natsUrl: string;
  qdrantUrl: string;
  /** A Qdrant key set in the environment: it wins over the generated one. */
  qdrantApiKey?: string;
  /** Likewise for the read-only key. */
  qdrantReadOnlyApiKey?: string;
  /** Git-ignored project folder that holds the data of the servers we start. */
  dataDir: string;
  /**
   * Where the fleet's credentials live (`.flotilla/credentials`): generated there once, then a
   * nats-server started here refuses anonymous connections and gives each user its permissions,
   * and a Qdrant started here requires the API key. Without it, servers start open (tests only).
   */
  credentialsDir?: string;
  detached?: boolean;
  onStart?: (what: string) => void;
}

export interface Infra {
  /** Only what this call started; stopping it leaves servers others started alone. */
  started: ServerHandle[];
  /** The fleet's credentials, with the Qdrant keys as used (the environment's when it set them). */
  credentials?: LocalCredentials;
  stop(): Promise<void>;
}

function hostPort(url: string, defaultPort: number): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname, port: u.port ? Number(u.port) : defaultPort };
}

/**
 * Makes NATS and Qdrant answer at exactly the configured addresses: what already answers is
 * used as is; what does not and points at loopback is started there; anything else is an error.
 */
export async function ensureInfra(opts: EnsureInfraOptions): Promise<Infra> {
  const generated = opts.credentialsDir ? ensureCredentials(opts.credentialsDir) : undefined;
  const credentials = generated && {
    ...generated,
    // A key from the environment wins; the generated read-only key goes only with the generated key.
    qdrant: opts.qdrantApiKey
      ? { apiKey: opts.qdrantApiKey, readOnlyApiKey: opts.qdrantReadOnlyApiKey ?? "" }
      : {
          apiKey: generated.qdrant.apiKey,
          readOnlyApiKey: opts.qdrantReadOnlyApiKey || generated.qdrant.readOnlyApiKey,
        },
  };
  const apiKey = credentials?.qdrant.apiKey ?? opts.qdrantApiKey;
  const started: ServerHandle[] = [];
  const nats = hostPort(opts.natsUrl.replace(/^nats:/, "http:"), 4222);
  if (!(await canConnect(nats.host, nats.port))) {
    if (!isLoopbackHost(nats.host))
      throw new Error(`NATS_URL=${opts.natsUrl} does not answer and is not loopback, so it cannot be started here`);
    opts.onStart?.(`nats-server on ${nats.host}:${nats.port}`);
    started.push(
      await startNatsServer({
        host: nats.host,
        port: nats.port,
        dataDir: join(opts.dataDir, "nats"),
        authFile: credentials?.natsAuthFile,
        detached: opts.detached,
      }),
    );
  }
  const qd = hostPort(opts.qdrantUrl, 6333);
  if (!(await qdrantReady(opts.qdrantUrl.replace(/\/$/, ""), apiKey))) {
    if (!isLoopbackHost(qd.host))
      throw new Error(`QDRANT_URL=${opts.qdrantUrl} does not answer and is not loopback, so it cannot be started here`);
    opts.onStart?.(`qdrant on ${qd.host}:${qd.port}`);
    started.push(
      await startQdrant({
        host: qd.host,
        port: qd.port,
        dataDir: join(opts.dataDir, "qdrant"),
        apiKey,
        readOnlyApiKey: credentials?.qdrant.readOnlyApiKey || opts.qdrantReadOnlyApiKey,
        detached: opts.detached,
      }),
    );
  }
  return {
    started,
    credentials,
    async stop() {
      for (const s of started.reverse()) await s.stop();
    },
  };
}
