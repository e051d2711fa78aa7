import { join } from "node:path";
import {
  ensureCredentials,
  credentialsDir,
  startNatsServer,
  startQdrant,
  type LocalCredentials,
} from "@flotilla/infra";
import type { ServerHandle } from "@flotilla/infra";

/** A server that can be taken down and brought back on the same address and data. */
export interface Restartable {
  readonly url: string;
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
}

async function restartable(start: (port?: number) => Promise<ServerHandle>): Promise<Restartable> {
  let handle: ServerHandle | undefined = await start();
  const port = Number(new URL(handle.url).port);
  const url = handle.url;
  return {
    url,
    async down() {
      await handle?.stop();
      handle = undefined;
    },
    async up() {
      handle ??= await start(port);
    },
    async stop() {
      await handle?.stop();
      handle = undefined;
    },
  };
}

/** NATS and Qdrant of one chaos run, in `dir`, secured as the launcher secures them. */
export async function chaosServers(dir: string): Promise<{
  nats: Restartable;
  qdrant: Restartable;
  credentials: LocalCredentials;
}> {
  const credentials = ensureCredentials(credentialsDir(dir));
  const { apiKey, readOnlyApiKey } = credentials.qdrant;
  const nats = await restartable((port) =>
    startNatsServer({ dataDir: join(dir, "nats"), port, authFile: credentials.natsAuthFile }),
  );
  const qdrant = await restartable((port) =>
    startQdrant({ dataDir: join(dir, "qdrant"), port, apiKey, readOnlyApiKey }),
  );
  return { nats, qdrant, credentials };
}
