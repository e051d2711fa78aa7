import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { catalogueEntry, durableName, PRIORITIES, prioritySubject, type Subject } from "@flotilla/contracts";
import { messageWithCause } from "@flotilla/errors";
import type { Logger } from "@flotilla/log";
import { backoffDelay, sleep } from "./backoff.ts";
import { BusError, natsFailure } from "./errors.ts";
import { ensureConsumer, type ConsumerPlan } from "./consumer-setup.ts";
import { processMessage, type DeliveryContext } from "./delivery.ts";
import { objectAccess } from "./objects.ts";
import { watchMaxDeliveries } from "./max-deliveries.ts";
import type { Received } from "./probe.ts";
import { Slots } from "./slots.ts";
import { prioritySource, pullSource } from "./sources.ts";
import type { Bus, ConsumeSpec } from "./types.ts";
import type { BusMeter } from "./meter.ts";

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
  publish: Bus["publish"];
  meter?: BusMeter;
}

export interface RunningConsumer {
  /** Stops fetching, then waits for the handlers in flight. */
  stop(): Promise<void>;
  /** Stops fetching and keep-alives without waiting: unsettled messages are re-delivered after ack wait. */
  abort(): void;
}

/** The durables a consumer reads: one, or one per priority (high first) with the bell that rings for them. */
export type Durables =
  { prioritized: false; plans: [ConsumerPlan] } | { prioritized: true; plans: ConsumerPlan[]; bell: string };

/**
 * Durables of `subject` for `team`. Left out, `durable` is the one provisioning creates (as in
 * `DURABLES`); on a prioritized subject each priority has its own, `<durable>_<priority>`.
 */
export function durablesFor(
  team: string,
  subject: string,
  durable: string | undefined,
  limits: { ackWaitMs: number; maxDeliver: number },
): Durables {
  const entry = catalogueEntry(subject);
  if (!entry) throw new BusError(`no catalogue entry for subject ${subject}`, { context: { subject } });
  const plan = (filter: string, name: string): ConsumerPlan => ({
    stream: entry.stream,
    durable: name,
    subject: filter,
    ...limits,
  });
  if (!entry.prioritized || entry.subject !== subject) {
    return { prioritized: false, plans: [plan(subject, durable ?? durableName(team, subject))] };
  }
  const plans = PRIORITIES.map((priority) => {
    const filter = prioritySubject(subject, priority);
    return plan(filter, durable === undefined ? durableName(team, filter) : `${durable}_${priority}`);
  });
  return { prioritized: true, plans, bell: `${subject}.*` };
}

/** Calls `working()` every ackWait/3 from receipt until settled, so slow handlers are not re-delivered. */
function keepAlive(m: Received, ackWaitMs: number, log: Logger): () => void {
  const timer = setInterval(
    () => {
      try {
        m.working();
      } catch (err) {
        log.debug({ err: messageWithCause(err) }, "working() failed");
      }
    },
    Math.max(100, Math.floor(ackWaitMs / 3)),
  );
  return () => clearInterval(timer);
}

export async function startConsumer<S extends Subject>(
  deps: ConsumeDeps,
  spec: ConsumeSpec<S>,
): Promise<RunningConsumer> {
  const durables = durablesFor(deps.team, spec.subject, spec.durable, deps);
  const { plans } = durables;
  const names = plans.map((plan) => plan.durable);
  const log = deps.log.child({ durable: names.join(","), filter: spec.subject });
  const ensureAll = () => Promise.all(plans.map((plan) => ensureConsumer(deps.jsm, plan)));
  await ensureAll().catch((err: unknown) => {
    const stream = plans[0]?.stream;
    const what = `cannot set up consumer ${names.join(", ")} on stream ${stream} (has provision() run?)`;
    throw natsFailure(what, err, { durables: names, stream });
  });
  const pulled = () => deps.meter?.("pull", spec.subject);
  const source = durables.prioritized
    ? prioritySource(deps.nc, plans, durables.bell, pulled)
    : pullSource(deps.js, durables.plans[0], pulled, spec.batch);
  // Dead letters too large for their entry keep their body in the object store.
  const objects = objectAccess(deps.js);
  const ctx: DeliveryContext<S> = {
    ...deps,
    objects,
    log,
    handler: spec.handler,
    consumed: spec.subject,
    confirmAcks: spec.confirmAcks,
    firstFailures: new Map(),
    stopped: () => stopped,
  };
  const slots = new Slots(spec.concurrency ?? 4);
  const inFlight = new Set<Promise<void>>();
  const keepAlives = new Set<() => void>();
  const advisories = plans.map((plan) =>
    watchMaxDeliveries({ ...deps, objects, log, stream: plan.stream, durable: plan.durable }),
  );
  let stopped = false;

  const run = (m: Received) => {
    const stopKeepAlive = keepAlive(m, deps.ackWaitMs, log);
    keepAlives.add(stopKeepAlive);
    const p = processMessage(ctx, m)
      .catch((err: unknown) => log.error({ err: messageWithCause(err) }, "unexpected delivery failure"))
      .finally(() => {
        stopKeepAlive();
        keepAlives.delete(stopKeepAlive);
        slots.release();
        inFlight.delete(p);
      });
    inFlight.add(p);
  };

  /**
   * One message per free slot, the slot taken before the pull (the 07_consume_jobs.js pattern):
   * nothing ever waits in a client buffer while its ack timer runs, and a busy instance leaves new
   * work to its siblings. A failed pull (disconnect, deleted consumer, missed heartbeats) is
   * logged, the consumers re-ensured, and the loop goes on.
   */
  const loop = async () => {
    for (let failures = 0; !stopped && !deps.nc.isClosed();) {
      if (!(await slots.acquire())) break;
      let handed = false;
      try {
        const message = await source.take(slots.available + 1);
        if (message && stopped)
          message.nak(); // stopping: hand it straight to another instance
        else if (message) {
          handed = true;
          run(message);
        }
        failures = 0;
      } catch (err) {
        if (stopped || deps.nc.isClosed()) break;
        source.reset();
        log.warn({ err: messageWithCause(err), failures: ++failures }, "pull failed; retrying");
        await sleep(backoffDelay(failures, { baseMs: 250, maxMs: 10_000 }));
        await deps.nc.flush().catch(() => undefined); // returns once reconnected, if we were cut off
        await ensureAll().catch((e: unknown) => log.warn({ err: messageWithCause(e) }, "consumer check failed"));
      } finally {
        if (!handed) slots.release();
      }
    }
  };
  const done = loop().catch((err: unknown) => log.error({ err: messageWithCause(err) }, "consumer loop ended"));

  const halt = () => {
    stopped = true;
    slots.close();
    for (const advisory of advisories) advisory.stop();
    source.halt();
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
