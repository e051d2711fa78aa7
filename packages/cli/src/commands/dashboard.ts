import { join } from "node:path";
import { loadConfig } from "@flotilla/config";
import { checkBinding, dashboardOptions, startDashboard } from "@flotilla/dashboard";
import { createLogger } from "@flotilla/log";
import { provisionFleet } from "../connect.ts";
import { dashboardEnv } from "../dashboard-process.ts";
import { startInfra } from "../infra-commands.ts";
import { LOG_DIR } from "../paths.ts";
import { note, out } from "../say.ts";

/**
 * `flotilla dashboard`: the dashboard in the foreground until Ctrl-C. Refuses an unguarded
 * non-loopback binding before anything else; starts NATS and Qdrant when nothing answers (as
 * `up` does) and has admin create the streams, since the dashboard's own user may only read.
 */
export async function runDashboard(): Promise<number> {
  const config = loadConfig();
  checkBinding({
    host: config.FLOTILLA_DASHBOARD_HOST,
    port: config.FLOTILLA_DASHBOARD_PORT,
    token: config.FLOTILLA_DASHBOARD_TOKEN,
  });
  for (const started of await startInfra()) note(`started ${started}; \`scripts/flotilla down\` stops it`);
  await provisionFleet();
  const logger = createLogger({
    name: "flotilla.dashboard",
    level: config.LOG_LEVEL,
    file: config.LOG_FILE || join(LOG_DIR, "dashboard.log"),
  });
  const dashboard = await startDashboard(dashboardOptions(dashboardEnv(), logger));
  out(
    `dashboard: ${dashboard.url}${config.FLOTILLA_DASHBOARD_TOKEN ? " (open it once with ?token=<FLOTILLA_DASHBOARD_TOKEN>)" : ""}`,
  );
  note("Ctrl-C stops it");
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  await dashboard.close();
  return 0;
}
