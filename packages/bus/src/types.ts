import type { PubAck } from "@nats-io/jetstream";
import type { Logger } from "@flotilla/log";
import type { MessageInput, MessageOf, ObjectRef, Subject } from "@flotilla/contracts";
import type { BusMeter } from "./meter.ts";

export interface BusOptions {
  url: string;
  /** Team this process belongs to: stamped as `Flotilla-Sender`, names its DLQ subjects. */
  team: string;
  instanceId: string;
  logger: Logger;
  /** Connection name shown by the server; default `flotilla-<team>-<instanceId>`. */
  name?: string;
  /** Consumer ack wait; a handler still running is kept alive with `working()`. Default 30 000. */
  ackWaitMs?: number;
  /** Deliveries before a failing message goes to the DLQ. Default 5. */
  maxDeliver?: number;
  /** First retry delay after a handler failure (doubles, max 30 s). Default 1000. */
  retryBaseMs?: number;
  /** Hears of every round trip (the bench's I/O profile); none by default. */
  meter?: BusMeter;
}

/** What a handler learns about the message besides its body. */
export interface Delivery {
  subject: string;
  /** 1 on the first delivery; grows with every retry or re-delivery. */
  deliveryCount: number;
  /** The trace it belongs to: `Flotilla-Trace-Id`, else `trace_id`, else its traceparent's, else its message id. */
  traceId: string;
  messageId: string;
  streamSequence: number;
  headers: Record<string, string>;
  /** Resets the ack timer; called for you every ackWait/3 while the handler runs. */
  working(): void;
}

export interface ConsumeSpec<S extends Subject> {
  /**
   * A catalogue subject, possibly with `*` (e.g. `team.*.health`). On a prioritized subject the
   * consumer reads `<subject>.high`, `.medium` and `.low`, one durable each: whenever a handler
   * slot frees, it takes the highest priority waiting on the server.
   */
  subject: S;
  /**
   * Durable consumer name: processes using the same one share the work. Default
   * `durableName(team, subject)`, the one provisioning creates, so nothing published before the
   * team first started is missed. On a prioritized subject the durables are `<durable>_<priority>`,
   * which for the default is `durableName(team, "<subject>.<priority>")`, as in `DURABLES`.
   */
  durable?: string;
  /** Resolve only once the effects are durable: the message is acked after it. */
  handler: (message: MessageOf<S>, ctx: Delivery) => Promise<void>;
  /** Handlers in flight at once in this process. Default 4. */
  concurrency?: number;
  /**
   * Wait for the server to confirm each ack (default true). False sends the ack and moves on: a
   * lost ack re-delivers the message, so only for a handler that does nothing twice (an
   * idempotent fold), where many small messages make the confirmations a real cost.
   */
  confirmAcks?: boolean;
  /**
   * Ask for as many messages per pull as there are free slots (default false: one per pull). For
   * many small messages; each still goes to a free slot the moment it arrives.
   */
  batch?: boolean;
}

export interface Subscription {
  stop(): Promise<void>;
}

export interface ObjectListing {
  name: string;
  size: number;
  mtime: string;
}

export interface ObjectInfoSummary extends ObjectListing {
  description?: string;
  digest?: string;
}

export interface Objects {
  /** Stores `data` under the ref; putting the same key again replaces it. */
  put(ref: ObjectRef, data: string | Uint8Array, meta?: { description?: string }): Promise<ObjectInfoSummary>;
  get(ref: ObjectRef): Promise<Uint8Array | null>;
  getText(ref: ObjectRef): Promise<string | null>;
  getJson<T>(ref: ObjectRef): Promise<T | null>;
  /** Live objects of a store (deleted ones left out). */
  list(store: ObjectRef["object_store"]): Promise<ObjectListing[]>;
  info(ref: ObjectRef): Promise<ObjectInfoSummary | null>;
}

export interface Bus {
  readonly team: string;
  readonly instanceId: string;
  /** Creates or checks every stream, KV bucket and object store; safe to run concurrently. */
  provision(): Promise<void>;
  /**
   * Validates against the catalogue, then publishes with `message_id` as the de-dup id. Only the
   * message type of `subject` compiles. A prioritized subject is stored as `<subject>.<priority>`.
   */
  publish<S extends Subject>(subject: S, message: MessageInput<S>): Promise<PubAck>;
  /**
   * Sends a message nobody waits on without waiting for JetStream's ack (progress, metrics,
   * completions): stored and de-duplicated all the same, but never confirmed. Never for work
   * requests or results. Throws only for an invalid or oversized message.
   */
  notify<S extends Subject>(subject: S, message: MessageInput<S>): void;
  consume<S extends Subject>(spec: ConsumeSpec<S>): Promise<Subscription>;
  getJson<T>(bucket: string, key: string): Promise<T | undefined>;
  /** Keys of a KV bucket (live entries). */
  keys(bucket: string): Promise<string[]>;
  putJson(bucket: string, key: string, value: unknown): Promise<number>;
  /**
   * Read-modify-write with revision checks: concurrent writers retry instead of overwriting.
   * `fn` gets `ours` true when `old` is what this process itself made (see kv-update.ts `Update`).
   */
  updateJson<T>(bucket: string, key: string, fn: (old: T | undefined, ours: boolean) => T): Promise<T>;
  objects: Objects;
  /** Last message stored on a concrete subject, decoded; null when none (or undecodable). */
  lastMessage<T>(subject: string): Promise<T | null>;
  /** Core subscription: every valid message on the pattern, not persisted, not acked. */
  watch(subjectPattern: string, onMessage: (subject: string, message: unknown) => void): { stop(): void };
  /** Resolves once the server has seen everything sent so far (e.g. a watch's subscription). */
  flush(): Promise<void>;
  /** Stops consumers from fetching (without waiting for handlers) and drains the connection. */
  close(): Promise<void>;
}
