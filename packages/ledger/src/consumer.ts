import { outageOf, type Bus, type Subscription } from "@flotilla/bus";
import { messageWithCause } from "@flotilla/errors";
import type { Logger } from "@flotilla/log";
import { foldInto } from "./store.ts";

/** The catalogue row the ledger consumes: every model call of every team. */
export const LEDGER_SUBJECT = "metrics.agent.*.*";

export interface LedgerConsumerOptions {
  /** Folds in flight at once in this process (default 4). */
  concurrency?: number;
}

/**
 * Folds every `metrics.agent.<team>.<agent>` into KV `ledger`, on the durable consumer the
 * catalogue gives the bus's team (leadership: `leadership__metrics_agent___`). Provisioning
 * creates it, so calls made before leadership first started, or while it is down, wait in the
 * METRICS stream (1 day) and are folded when it comes back; every instance shares it.
 *
 * A message is acked once its fold is written. While NATS is unavailable the bus parks the fold
 * and retries it. Any other failure (a record that no longer parses) is logged and the message
 * acked: the ledger is for visibility, and a dead-lettered metrics message would fail its task.
 *
 * @example
 * const sub = await startLedgerConsumer(bus, logger);
 * await sub.stop();
 */
export function startLedgerConsumer(
  bus: Pick<Bus, "consume" | "updateJson">,
  logger: Logger,
  opts: LedgerConsumerOptions = {},
): Promise<Subscription> {
  const log = logger.child({ component: "ledger" });
  return bus.consume({
    subject: LEDGER_SUBJECT,
    concurrency: opts.concurrency ?? 4,
    handler: async (m) => {
      try {
        await foldInto(bus, m);
      } catch (err) {
        if (outageOf(err)) throw err;
        log.error(
          { err: messageWithCause(err), task_id: m.task_id, message_id: m.message_id },
          "call not counted in the ledger",
        );
      }
    },
  });
}
