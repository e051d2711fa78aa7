import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { connectBus } from "@flotilla/bus";
import { createKnowledgeStore } from "@flotilla/knowledge";
import type { Logger } from "@flotilla/log";
import { createDashboardApp } from "./app.ts";
import { DashboardError } from "./errors.ts";
import { ledgerSource } from "./ledger/source.ts";
import { startLiveHub } from "./live/hub.ts";
import { checkBinding, type Binding } from "./security/binding.ts";
import { watchTaskIndex } from "./tasks/task-index.ts";

export interface DashboardOptions {
  binding: Binding;
  /** Connect as the read-only `dashboard` user (NATS_USER / .flotilla/credentials/dashboard.env). */
  nats: { url: string; user?: string; pass?: string };
  /** The read-only key (QDRANT_READ_ONLY_API_KEY) where there is one. */
  qdrant: { url: string; apiKey?: string };
  logger: Logger;
}

export interface RunningDashboard {
  /** `http://127.0.0.1:4280`: where it answers (the port chosen when 0 was asked for). */
  url: string;
  close(): Promise<void>;
}

const urlOf = (host: string, port: number) => `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

/**
 * Starts the dashboard: refuses an unguarded non-loopback binding first, then connects to NATS
 * and Qdrant read-only, watches the task states and the progress subjects, and listens.
 *
 * @example
 * const dashboard = await startDashboard({ binding: { host: "127.0.0.1", port: 4280, token: "" }, nats, qdrant, logger });
 * console.log(dashboard.url);
 */
export async function startDashboard(opts: DashboardOptions): Promise<RunningDashboard> {
  const binding = checkBinding(opts.binding);
  const { logger } = opts;
  const bus = await connectBus({ ...opts.nats, team: "dashboard", instanceId: `dashboard-${process.pid}`, logger });
  try {
    const tasks = await watchTaskIndex(bus, logger);
    const live = startLiveHub(bus, tasks);
    const knowledge = createKnowledgeStore({ ...opts.qdrant, logger });
    const app = createDashboardApp({ bus, knowledge, tasks, live, ledger: ledgerSource(bus) }, binding);
    const server = serve({ fetch: app.fetch, hostname: binding.host, port: binding.port });
    const port = await new Promise<number>((resolve, reject) => {
      server.once("listening", () => resolve((server.address() as AddressInfo).port));
      server.once("error", (err: NodeJS.ErrnoException) =>
        reject(
          new DashboardError(
            `cannot listen on ${urlOf(binding.host, binding.port)}: ${err.message} (set FLOTILLA_DASHBOARD_PORT)`,
            {
              cause: err,
              context: { variable: "FLOTILLA_DASHBOARD_PORT" },
            },
          ),
        ),
      );
    });
    logger.info({ host: binding.host, port, token: binding.token !== "" }, "dashboard listening");
    return {
      url: urlOf(binding.host, port),
      async close() {
        live.stop();
        tasks.stop();
        // Open event streams would otherwise keep the server from closing.
        if ("closeAllConnections" in server) server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await bus.close();
      },
    };
  } catch (err) {
    await bus.close();
    throw err;
  }
}
