import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { canConnect, freePort, waitUntil } from "./net.ts";
import { spawnServer, stopPid, type ServerHandle } from "./process.ts";

export interface NatsServerOptions {
  /** Loopback host to bind; default 127.0.0.1. */
  host?: string;
  /** Port to bind; a free one when omitted. */
  port?: number;
  /** Folder for JetStream file storage and the server log. */
  dataDir: string;
  /**
   * A configuration file with the users and their permissions (`ensureCredentials().natsAuthFile`):
   * anonymous connections are then refused. Without it the server lets anyone in (package tests).
   */
  authFile?: string;
  detached?: boolean;
}

const CANDIDATES = ["/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"];

/** Path of the nats-server binary, or an error that says how to install it. */
export function findNatsServer(): string {
  if (process.env.NATS_SERVER_BIN && existsSync(process.env.NATS_SERVER_BIN)) return process.env.NATS_SERVER_BIN;
  try {
    return execFileSync("sh", ["-c", "command -v nats-server"], { encoding: "utf8" }).trim() || fail();
  } catch {
    const found = CANDIDATES.find((p) => existsSync(p));
    return found ?? fail();
  }
}

function fail(): never {
  throw new Error(
    "nats-server not found: install it with `apt-get install nats-server` (Debian) or set NATS_SERVER_BIN; " +
      "scripts/flotilla does this for you",
  );
}

/** Starts nats-server with JetStream (file storage) and waits until it accepts connections. */
export async function startNatsServer(opts: NatsServerOptions): Promise<ServerHandle> {
  const host = opts.host ?? "127.0.0.1";
  const port = opts.port ?? (await freePort());
  const storeDir = join(opts.dataDir, "jetstream");
  mkdirSync(storeDir, { recursive: true });
  const child = spawnServer({
    name: "nats-server",
    command: findNatsServer(),
    args: [
      "-js",
      "-a",
      host,
      "-p",
      String(port),
      "-sd",
      storeDir,
      "-n",
      `flotilla-${port}`,
      ...(opts.authFile ? ["-c", opts.authFile] : []),
    ],
    logFile: join(opts.dataDir, "nats-server.log"),
    detached: opts.detached,
  });
  let exited = false;
  child.once("exit", () => (exited = true));
  await waitUntil(async () => {
    if (exited) throw new Error(`nats-server exited at start; see ${join(opts.dataDir, "nats-server.log")}`);
    return canConnect(host, port);
  }, `nats-server on ${host}:${port}`);
  const pid = child.pid ?? 0;
  return { name: "nats-server", url: `nats://${host}:${port}`, pid, stop: () => stopPid(pid) };
}
