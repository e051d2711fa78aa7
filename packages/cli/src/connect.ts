import { join } from "node:path";
import { connectBus, type Bus } from "@flotilla/bus";
import { loadConfig } from "@flotilla/config";
import { createLogger } from "@flotilla/log";
import { explainUnreachable } from "./infra-commands.ts";
import { LOG_DIR } from "./paths.ts";

/**
 * A bus connection for the CLI itself (sender "cli"), logging to .flotilla/logs/cli.log. When
 * NATS does not answer, the error names its URL and the command that starts it.
 */
export async function cliBus(): Promise<Bus> {
  const config = loadConfig();
  const logger = createLogger({
    name: "flotilla.cli",
    level: config.LOG_LEVEL,
    file: config.LOG_FILE || join(LOG_DIR, "cli.log"),
  });
  const bus = await connectBus({ url: config.NATS_URL, team: "cli", instanceId: `cli-${process.pid}`, logger }).catch(
    (err: unknown) => explainUnreachable("NATS", err),
  );
  await bus.provision();
  return bus;
}
