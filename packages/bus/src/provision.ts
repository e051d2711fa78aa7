import { DiscardPolicy, JetStreamApiCodes, JetStreamApiError, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import type { JetStreamClient, JetStreamManager, StreamConfig } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { Kvm } from "@nats-io/kv";
import { Objm } from "@nats-io/obj";
import { DURABLES, durableName, KV_BUCKETS, OBJECT_STORES, STREAMS, type StreamName } from "@flotilla/contracts";
import { ensureConsumer } from "./consumer-setup.ts";
import type { Logger } from "@flotilla/log";
import { natsFailure } from "./errors.ts";

const DAY_MS = 86_400_000;
/** A publish retried within this window with the same message_id is stored once. */
const DUPLICATE_WINDOW_MS = 10 * 60_000;
const KV_HISTORY = 5;

export function streamConfig(name: StreamName): Partial<StreamConfig> & { name: string; subjects: string[] } {
  const spec = STREAMS[name];
  return {
    name,
    subjects: [...spec.subjects],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(spec.maxAgeDays * DAY_MS),
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    num_replicas: 1,
  };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const [x, y] = [[...a].sort(), [...b].sort()];
  return x.length === y.length && x.every((s, i) => s === y[i]);
}

const isNotFound = (err: unknown) => err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound;

/** Add-or-verify one stream. Adding an identical config is a no-op on the server, so racing processes agree. */
async function ensureStream(jsm: JetStreamManager, name: StreamName, log: Logger): Promise<void> {
  const want = streamConfig(name);
  const info = await jsm.streams.info(name).catch((err: unknown) => {
    if (isNotFound(err)) return null;
    throw err;
  });
  if (!info) {
    try {
      await jsm.streams.add(want);
      log.info({ stream: name }, "stream created");
      return;
    } catch (err) {
      // Another process may have created it between our info and add: check what it made.
      const raced = await jsm.streams.info(name).catch(() => null);
      if (!raced) throw err;
      return verifyStream(jsm, name, raced.config, log);
    }
  }
  return verifyStream(jsm, name, info.config, log);
}

async function verifyStream(jsm: JetStreamManager, name: StreamName, have: StreamConfig, log: Logger): Promise<void> {
  const want = streamConfig(name);
  const drift =
    !sameSet(have.subjects ?? [], want.subjects) ||
    have.max_age !== want.max_age ||
    have.duplicate_window !== want.duplicate_window;
  if (drift) {
    await jsm.streams.update(name, {
      subjects: want.subjects,
      max_age: want.max_age,
      duplicate_window: want.duplicate_window,
    });
    log.info({ stream: name, subjects: want.subjects }, "stream updated");
  }
}

/**
 * Creates every stream, KV bucket and object store of SPEC §5. nats.js v3 `Kvm.create` and
 * `Objm.create` look the backing stream up first and only add it when missing, with a config
 * nats-server 2.9 accepts as long as we pass no 2.10+ option (compression, metadata,
 * markerTTL, sources with transforms): we pass only history and storage.
 */
export async function provision(
  js: JetStreamClient,
  jsm: JetStreamManager,
  log: Logger,
  consumers: { ackWaitMs: number; maxDeliver: number },
): Promise<void> {
  try {
    for (const name of Object.keys(STREAMS) as StreamName[]) await ensureStream(jsm, name, log);
    // Every team's durable consumer exists from the first provisioning on, so work published
    // before a team ever started (e.g. Claude Desktop's leadership alone) waits for it.
    for (const d of DURABLES) {
      const plan = { stream: d.stream, durable: durableName(d.team, d.subject), subject: d.subject, ...consumers };
      await ensureConsumer(jsm, plan, { createOnly: true });
    }
    const kvm = new Kvm(js);
    for (const bucket of KV_BUCKETS) await kvm.create(bucket, { history: KV_HISTORY, storage: StorageType.File });
    const objm = new Objm(js);
    for (const store of OBJECT_STORES) {
      // Dead letters' bodies age out with the entries that name them.
      const ttl = store === "dlq_payloads" ? { ttl: nanos(STREAMS.DLQ.maxAgeDays * DAY_MS) } : {};
      await objm.create(store, { storage: StorageType.File, ...ttl });
    }
  } catch (err) {
    throw natsFailure("provisioning streams, KV buckets and object stores failed", err);
  }
}
