import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import type { KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import { internalsOf } from "./connect.ts";
import { BusError } from "./errors.ts";
import type { Bus } from "./types.ts";

/** The NATS handles behind a bus: for tests and admin tooling, never for team code. */
export interface BusInternals {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** The bus's own (cached) handle on a KV bucket. */
  kv(bucket: string): Promise<KV>;
}

/**
 * The raw handles of a bus made by `connectBus`. Kept off the `Bus` seam on purpose, so teams,
 * leadership and the CLI depend on publish / consume / kv / objects only; this subpath
 * (`@flotilla/bus/internals`) is for tests and tools that inspect streams and consumers.
 *
 * @example
 * import { busInternals } from "@flotilla/bus/internals";
 * const info = await busInternals(bus).jsm.consumers.info("QA", "qa__qa_test_requested_high");
 */
export function busInternals(bus: Bus): BusInternals {
  const found = internalsOf(bus);
  if (!found) throw new BusError("busInternals: this bus was not made by connectBus");
  return found;
}
