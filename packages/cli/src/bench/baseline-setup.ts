import { AckPolicy, DiscardPolicy, RetentionPolicy, StorageType, type Consumer } from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";
import { Objm, type ObjectStore } from "@nats-io/obj";
import { nanos } from "@nats-io/transport-node";
import type { Bus } from "@flotilla/bus";
import { busInternals, type BusInternals } from "@flotilla/bus/internals";
import type { KnowledgeStore } from "@flotilla/knowledge";

/** Where the bare client writes: a stream, bucket and store of its own, configured as the fleet's. */
export const BENCH = { stream: "BENCH_IO", subject: "bench.io", bucket: "bench_io", store: "bench_io" } as const;

/** Qdrant writes go to a copy of each collection (`bench_<name>`): the fleet's retrieval never sees them. */
export const benchCollection = (collection: string) => `bench_${collection}`;

export interface BareClient extends Pick<BusInternals, "nc" | "js"> {
  kv: KV;
  objects: ObjectStore;
  /** A durable on the bench stream: the bare client takes and acks what it published, as teams do. */
  consumer: Consumer;
  knowledge: KnowledgeStore;
}

/**
 * The bare client's NATS handles (the bench's own connection, straight to the server) and its
 * stream, KV bucket, object store, durable and Qdrant collections: made once, before any timing.
 */
export async function bareClientSetup(
  bus: Bus,
  knowledge: KnowledgeStore,
  collections: readonly string[],
): Promise<BareClient> {
  const { nc, js, jsm } = busInternals(bus);
  await jsm.streams.add({
    name: BENCH.stream,
    subjects: [`${BENCH.subject}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(10 * 60_000),
    num_replicas: 1,
  });
  await jsm.consumers.add(BENCH.stream, {
    durable_name: "bench_io",
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(30_000),
  });
  const kv = await new Kvm(js).create(BENCH.bucket, { history: 5, storage: StorageType.File });
  const objects = await new Objm(js).create(BENCH.store, { storage: StorageType.File });
  await knowledge.ensureCollections(collections.map(benchCollection));
  return { nc, js, kv, objects, consumer: await js.consumers.get(BENCH.stream, "bench_io"), knowledge };
}
