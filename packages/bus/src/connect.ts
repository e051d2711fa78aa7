import { connect, PermissionViolationError, type NatsConnection } from "@nats-io/transport-node";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { natsFailure } from "./errors.ts";
import type { BusInternals } from "./internals.ts";
import { provision } from "./provision.ts";
import { notifyMessage, publishMessage } from "./publish.ts";
import { startConsumer, type RunningConsumer } from "./consume.ts";
import { kvAccess } from "./kv.ts";
import { objectAccess } from "./objects.ts";
import { lastMessage, watchSubjects } from "./watch.ts";
import type { Bus, BusOptions } from "./types.ts";
import type { Logger } from "@flotilla/log";

/** Raw handles per bus, reachable only through `@flotilla/bus/internals`. */
const internals = new WeakMap<Bus, BusInternals>();

/** The handles behind a bus made here; `busInternals` is the public way to them. */
export const internalsOf = (bus: Bus): BusInternals | undefined => internals.get(bus);

/** Who a connection authenticates as (`.flotilla/credentials/<user>.env`); none: anonymous. */
export interface NatsAuth {
  user?: string;
  pass?: string;
}

/**
 * Logs connection changes and what the server refused: a denied publish or subscription reaches
 * the client only as an asynchronous `error` status, so without this it would pass unseen.
 */
function watchStatus(nc: NatsConnection, log: Logger, user: string | undefined): void {
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === "disconnect" || s.type === "reconnect") log.warn({ status: s.type }, "NATS connection");
      else if (s.type === "error" && s.error instanceof PermissionViolationError) {
        const { operation, subject } = s.error;
        log.error({ user: user ?? "(anonymous)", operation, subject }, `NATS denied ${operation} to ${subject}`);
      } else if (s.type === "error") log.warn({ err: s.error.message }, "NATS error");
    }
  })().catch(() => undefined);
}

/**
 * Connects one team process to the bus. Reconnects forever: a team outlives NATS restarts.
 * With `user`/`pass` (NATS_USER/NATS_PASSWORD) it uses the inbox `_INBOX_<user>`, the only one
 * the generated server configuration lets that user read (packages/infra/src/auth).
 *
 * @example
 * const bus = await connectBus({ url, team: "qa", instanceId: "qa-1", logger, user: "qa", pass });
 * await bus.provision();
 * await bus.consume({ subject: "qa.test.requested", handler: runTests }); // runTests(request: TestRequest, delivery)
 */
export async function connectBus(opts: BusOptions & NatsAuth): Promise<Bus> {
  const log = opts.logger.child({ component: "bus", team: opts.team, instance: opts.instanceId });
  const user = opts.user || undefined;
  const nc = await connect({
    servers: opts.url,
    name: opts.name ?? `flotilla-${opts.team}-${opts.instanceId}`,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1_000,
    // Otherwise nats.js makes two Error objects (stack captured) on every request, in case it
    // fails; ours say the operation and subject themselves (BusError, natsFailure).
    noAsyncTraces: true,
    ...(user ? { user, pass: opts.pass ?? "", inboxPrefix: `_INBOX_${user}` } : {}),
  }).catch((err: unknown) => {
    const as = user ? ` as ${user}` : " anonymously";
    const hint = /authorization/i.test(String(err)) ? " (check NATS_USER and NATS_PASSWORD, see docs/security.md)" : "";
    throw natsFailure(`cannot connect to NATS at ${opts.url}${as}${hint}`, err, { url: opts.url, user });
  });
  watchStatus(nc, log, user);

  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const consumers = new Set<RunningConsumer>();
  // What the server accepts, as it said on (re)connecting: checked before every publish and KV write.
  const maxPayload = () => nc.info?.max_payload;
  const { meter } = opts;
  const { kv, ...kvJson } = kvAccess(js, maxPayload, meter);
  const limits = { ackWaitMs: opts.ackWaitMs ?? 30_000, maxDeliver: opts.maxDeliver ?? 5 };
  const publish: Bus["publish"] = (subject, message) =>
    publishMessage(js, opts.team, subject, message, maxPayload, meter);

  const bus: Bus = {
    team: opts.team,
    instanceId: opts.instanceId,
    provision: () => provision(js, jsm, log, limits),
    publish,
    notify: (subject, message) => notifyMessage(nc, opts.team, subject, message, maxPayload, meter),
    async consume(spec) {
      const { team, instanceId, retryBaseMs = 1_000 } = opts;
      const running = await startConsumer(
        { nc, js, jsm, log, publish, team, instanceId, retryBaseMs, meter, ...limits },
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
    objects: objectAccess(js, meter),
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
