import { connect } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { natsFailure } from "./errors.ts";
import type { BusInternals } from "./internals.ts";
import { provision } from "./provision.ts";
import { publishMessage } from "./publish.ts";
import { startConsumer, type RunningConsumer } from "./consume.ts";
import { kvAccess } from "./kv.ts";
import { objectAccess } from "./objects.ts";
import { lastMessage, watchSubjects } from "./watch.ts";
import type { Bus, BusOptions } from "./types.ts";

/** Raw handles per bus, reachable only through `@flotilla/bus/internals`. */
const internals = new WeakMap<Bus, BusInternals>();

/** The handles behind a bus made here; `busInternals` is the public way to them. */
export const internalsOf = (bus: Bus): BusInternals | undefined => internals.get(bus);

/**
 * Connects one team process to the bus. Reconnects forever: a team outlives NATS restarts.
 *
 * @example
 * const bus = await connectBus({ url, team: "qa", instanceId: "qa-1", logger });
 * await bus.provision();
 * await bus.consume({ subject: "qa.test.requested", handler: runTests }); // runTests(request: TestRequest, delivery)
 */
export async function connectBus(opts: BusOptions): Promise<Bus> {
  const log = opts.logger.child({ component: "bus", team: opts.team, instance: opts.instanceId });
  const nc = await connect({
    servers: opts.url,
    name: opts.name ?? `flotilla-${opts.team}-${opts.instanceId}`,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1_000,
  }).catch((err: unknown) => {
    throw natsFailure(`cannot connect to NATS at ${opts.url}`, err, { url: opts.url });
  });
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === "disconnect" || s.type === "reconnect") log.warn({ status: s.type }, "NATS connection");
    }
  })().catch(() => undefined);

  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const consumers = new Set<RunningConsumer>();
  // What the server accepts, as it said on (re)connecting: checked before every publish and KV write.
  const maxPayload = () => nc.info?.max_payload;
  const { kv, ...kvJson } = kvAccess(js, maxPayload);
  const limits = { ackWaitMs: opts.ackWaitMs ?? 30_000, maxDeliver: opts.maxDeliver ?? 5 };
  const publish: Bus["publish"] = (subject, message) => publishMessage(js, opts.team, subject, message, maxPayload);

  const bus: Bus = {
    team: opts.team,
    instanceId: opts.instanceId,
    provision: () => provision(js, jsm, log, limits),
    publish,
    async consume(spec) {
      const { team, instanceId, retryBaseMs = 1_000 } = opts;
      const running = await startConsumer(
        { nc, js, jsm, log, publish, team, instanceId, retryBaseMs, ...limits },
        spec,
      );
      consumers.add(running);
      return {
        stop: async () => {
          consumers.delete(running);
          await running.stop();
        },
      };
    },
    ...kvJson,
    objects: objectAccess(js),
    lastMessage: (subject) => lastMessage(jsm, log, subject),
    watch: (pattern, onMessage) => watchSubjects(nc, log, pattern, onMessage),
    flush: () => nc.flush(),
    async close() {
      for (const c of consumers) c.abort();
      consumers.clear();
      if (!nc.isClosed()) await nc.drain();
    },
  };
  internals.set(bus, { nc, js, jsm, kv });
  return bus;
}
