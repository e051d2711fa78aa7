// The dashboard as a process of its own (`flotilla up` starts it detached; `flotilla bench
// --dashboard` beside the fleet): options from the environment, the URL on stdout, logs to
// LOG_FILE or stderr. `flotilla dashboard` runs the same in the foreground.
import { loadConfig } from "@flotilla/config";
import { createLogger } from "@flotilla/log";
import { dashboardOptions } from "./env.ts";
import { startDashboard } from "./server.ts";

try {
  const config = loadConfig();
  const logger = createLogger({
    name: "flotilla.dashboard",
    level: config.LOG_LEVEL,
    file: config.LOG_FILE || undefined,
  });
  const dashboard = await startDashboard(dashboardOptions(process.env, logger));
  process.stdout.write(`${dashboard.url}\n`);
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => void dashboard.close().finally(() => process.exit(0)));
} catch (err) {
  process.stderr.write(`flotilla dashboard: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
