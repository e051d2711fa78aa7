import type { Consumer, ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg, PubAck } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Logger } from "@flotilla/log";
import { backoffDelay, sleep } from "./backoff.ts";
import { natsFailure } from "./errors.ts";
import { ensureConsumer, streamOf, type ConsumerPlan } from "./consumer-setup.ts";
import { processMessage, type DeliveryContext } from "./delivery.ts";
import { watchMaxDeliveries } from "./max-deliveries.ts";
import { Slots } from "./slots.ts";
import type { ConsumeSpec } from "./types.ts";

export interface ConsumeDeps {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  log: Logger;
  team: string;
  instanceId: string;
  ackWaitMs: number;
  maxDeliver: number;
  retryBaseMs: number;
  publish: (subject: string, message: object) => Promise<PubAck>;
}

export interface RunningConsumer {
  /** Stops fetching, then waits for the handlers in flight. */
  stop(): Promise<void>;
  /** Stops fetching and keep-alives without waiting: unsettled messages are re-delivered after ack wait. */
  abort(): void;
}

/** How long one pull waits for a message; heartbeats every half of it reveal a dead pull. */
const PULL_EXPIRES_MS = 10_000;

/** Calls `working()` every ackWait/3 from receipt until settled, so slow handlers are not re-delivered. */
function keepAlive(m: JsMsg, ackWaitMs: number, log: Logger): () => void {
  const timer = setInterval(() => {
    try {
      m.working();
    } catch (err) {
      log.debug({ err: (err as Error).message }, "working() failed");
    }
  }, Math.max(100, Math.floor(ackWaitMs / 3)));
  return () => clearInterval(timer);
}

export async function startConsumer<T>(deps: ConsumeDeps, spec: ConsumeSpec<T>): Promise<RunningConsumer> {
  const stream = streamOf(spec.subject);
  const plan: ConsumerPlan = { stream, durable: spec.durable, subject: spec.subject, ackWaitMs: deps.ackWaitMs, maxDeliver: deps.maxDeliver };
  const log = deps.log.child({ durable: spec.durable, filter: spec.subject });
  await ensureConsumer(deps.jsm, plan).catch((err: unknown) => {
    throw natsFailure(`cannot set up consumer ${spec.durable} on stream ${stream} (has provision() run?)`, err, { durable: spec.durable, stream });
  });
  const ctx: DeliveryContext<T> = { ...deps, durable: spec.durable, log, handler: spec.handler, firstFailures: new Map() };
  const slots = new Slots(spec.concurrency ?? 4);
  const inFlight = new Set<Promise<void>>();
  const keepAlives = new Set<() => void>();
  const advisories = watchMaxDeliveries({ ...deps, log, stream, durable: spec.durable });
  let batch: ConsumerMessages | undefined;
  let stopped = false;

  const run = (m: JsMsg) => {
    const stopKeepAlive = keepAlive(m, deps.ackWaitMs, log);
    keepAlives.add(stopKeepAlive);
    const p = processMessage(ctx, m)
      .catch((err: unknown) => log.error({ err: (err as Error).message }, "unexpected delivery failure"))
      .finally(() => {
        stopKeepAlive();
        keepAlives.delete(stopKeepAlive);
        slots.release();
        inFlight.delete(p);
      });
    inFlight.add(p);
  };

  /**
   * Pull one message per free slot (the 07_consume_jobs.js pattern, with the slot taken before
   * the pull): nothing ever waits in a client buffer while its ack timer runs, and a busy
   * instance leaves new work to its siblings. A failed pull (disconnect, deleted consumer,
   * missed heartbeats) is logged, the consumer re-ensured, and the loop goes on.
   */
  const loop = async () => {
    let consumer: Consumer | undefined;
    for (let failures = 0; !stopped && !deps.nc.isClosed();) {
      if (!(await slots.acquire())) break;
      let handed = false;
      const pulledAt = Date.now();
      try {
        consumer ??= await deps.js.consumers.get(stream, spec.durable);
        batch = await consumer.fetch({ max_messages: 1, expires: PULL_EXPIRES_MS });
        if (stopped) batch.stop(); // halted while the pull was being set up
        for await (const m of batch) {
          if (stopped || handed) m.nak(); // stopping: hand it straight to another instance
          else {
            handed = true;
            run(m);
          }
        }
        failures = 0;
        // A pull that ends empty long before it expires means the server refused it: don't spin.
        if (!handed && !stopped && Date.now() - pulledAt < PULL_EXPIRES_MS / 10) await sleep(250);
      } catch (err) {
        if (stopped || deps.nc.isClosed()) break;
        consumer = undefined;
        log.warn({ err: (err as Error).message, failures: ++failures }, "pull failed; retrying");
        await sleep(backoffDelay(failures, { baseMs: 250, maxMs: 10_000 }));
        await deps.nc.flush().catch(() => undefined); // returns once reconnected, if we were cut off
        await ensureConsumer(deps.jsm, plan).catch((e: unknown) => log.warn({ err: (e as Error).message }, "consumer check failed"));
      } finally {
        batch = undefined;
        if (!handed) slots.release();
      }
    }
  };
  const done = loop().catch((err: unknown) => log.error({ err: (err as Error).message }, "consumer loop ended"));

  const halt = () => {
    stopped = true;
    slots.close();
    advisories.stop();
    batch?.stop();
  };
  return {
    async stop() {
      halt();
      await done;
      await Promise.allSettled([...inFlight]);
    },
    abort() {
      halt();
      for (const stopKeepAlive of keepAlives) stopKeepAlive();
    },
  };
}
