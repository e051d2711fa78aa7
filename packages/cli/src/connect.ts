import { loadConfig } from "@flotilla/config";
import { connectBus, type Bus } from "@flotilla/bus";
import { createLogger } from "@flotilla/log";
import { join } from "node:path";
import { LOG_DIR } from "./paths.ts";

/** A bus connection for the CLI itself (sender "cli"), logging to .flotilla/logs/cli.log. */
export async function cliBus(): Promise<Bus> {
  const config = loadConfig();
  const logger = createLogger({ name: "flotilla.cli", level: config.LOG_LEVEL, file: config.LOG_FILE || join(LOG_DIR, "cli.log") });
  const bus = await connectBus({ url: config.NATS_URL, team: "cli", instanceId: `cli-${process.pid}`, logger });
  await bus.provision();
  return bus;
}
