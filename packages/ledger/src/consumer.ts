import { outageOf, type Bus, type Subscription } from "@flotilla/bus";
import { messageWithCause } from "@flotilla/errors";
import type { Logger } from "@flotilla/log";
import { foldInto } from "./store.ts";

/** The catalogue row the ledger consumes: every model call of every team. */
export const LEDGER_SUBJECT = "metrics.agent.*.*";

export interface LedgerConsumerOptions {
  /** Calls held in this process at once, waiting for their fold (default 64). */
  concurrency?: number;
  /** How long a call waits for others to be folded with it (default 100 ms). */
  gatherMs?: number;
}

/**
 * A promise every caller of one window shares, resolved when the window ends: the calls that
 * arrive meanwhile are folded in the same turn, so the updates of a task's key go out as one
 * write (the bus merges updates of a key asked for together) instead of one write per call.
 */
function windows(ms: number): () => Promise<void> {
  let open: Promise<void> | undefined;
  return () =>
    (open ??= new Promise<void>((resolve) =>
      setTimeout(() => {
        open = undefined;
        resolve();
      }, ms),
    ));
}

/**
 * Folds every `metrics.agent.<team>.<agent>` into KV `ledger`, on the durable consumer the
 * catalogue gives the bus's team (leadership: `leadership__metrics_agent___`). Provisioning
 * creates it, so calls made before leadership first started, or while it is down, wait in the
 * METRICS stream (1 day) and are folded when it comes back; every instance shares it.
 *
 * A message is acked once its fold is written. Calls are gathered for `gatherMs` and folded
 * together (a step's calls arrive within milliseconds): one KV write per task per window, not
 * one per call. While NATS is unavailable the bus parks the fold and retries it. Any other
 * failure (a record that no longer parses) is logged and the message acked: the ledger is for
 * visibility, and a dead-lettered metrics message would fail its task.
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
  const gathered = windows(opts.gatherMs ?? 100);
  return bus.consume({
    subject: LEDGER_SUBJECT,
    concurrency: opts.concurrency ?? 64,
    // A fold is idempotent by message id: a lost ack costs a re-delivery that changes nothing.
    confirmAcks: false,
    batch: true, // a task's calls come in bursts: one pull for many
    handler: async (m) => {
      await gathered();
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
