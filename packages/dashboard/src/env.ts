import { loadConfig } from "@flotilla/config";
import type { Logger } from "@flotilla/log";
import type { DashboardOptions } from "./server.ts";

/**
 * The dashboard's options from the environment: FLOTILLA_DASHBOARD_HOST / _PORT / _TOKEN, the
 * NATS user it connects as (NATS_USER, the `dashboard` user when the CLI starts it) and the
 * read-only Qdrant key (QDRANT_API_KEY only when there is no read-only one).
 *
 * @example
 * await startDashboard(dashboardOptions(process.env, logger));
 */
export function dashboardOptions(env: NodeJS.ProcessEnv, logger: Logger): DashboardOptions {
  const config = loadConfig(env);
  return {
    binding: {
      host: config.FLOTILLA_DASHBOARD_HOST,
      port: config.FLOTILLA_DASHBOARD_PORT,
      token: config.FLOTILLA_DASHBOARD_TOKEN,
    },
    nats: { url: config.NATS_URL, user: config.NATS_USER || undefined, pass: config.NATS_PASSWORD || undefined },
    qdrant: { url: config.QDRANT_URL, apiKey: config.QDRANT_READ_ONLY_API_KEY || config.QDRANT_API_KEY || undefined },
    logger,
  };
}
