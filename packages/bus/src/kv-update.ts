import { JetStreamApiCodes, JetStreamApiError } from "@nats-io/jetstream";
import type { KV, KvEntry } from "@nats-io/kv";
import { BusError, natsFailure } from "./errors.ts";
import { sleep } from "./backoff.ts";
import type { BusMeter } from "./meter.ts";

const MAX_CONFLICT_RETRIES = 50;
/** Keys whose last revision this process remembers (a workflow state is tens of kB at most). */
const KNOWN_KEYS = 256;

const isConflict = (err: unknown) =>
  err instanceof JetStreamApiError &&
  (err.code === JetStreamApiCodes.StreamWrongLastSequence ||
    err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown);

/** A key as this process last saw it: the revision a write must name, and the value then (null: none). */
export interface Known {
  revision: number;
  data: Uint8Array | null;
  /** The value is what this process wrote itself (not what it read). */
  ours?: boolean;
}

/** What a read says about a key: its live value, or none (a delete marker's revision, 0 when never written). */
export const knownOf = (e: KvEntry | null): Known =>
  e === null ? { revision: 0, data: null } : { revision: e.revision, data: e.operation === "PUT" ? e.value : null };

/**
 * An update of a key's value. `ours` is true when `old` is what this process made itself: what it
 * last wrote there (when that write is still the latest, the server checks it), or what the update
 * before it in the same write returned. A caller that validates what it reads may trust its own.
 */
export type Update<T> = (old: T | undefined, ours: boolean) => T;

interface Waiting {
  fn: Update<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export interface UpdateDeps {
  kv(bucket: string): Promise<KV>;
  encode(bucket: string, key: string, value: unknown): Uint8Array;
  meter?: BusMeter;
}

/**
 * Revision-checked read-modify-write with two savings, neither of which gives up a check:
 * - the revision this process last wrote (or read) of a key is remembered, so the next update
 *   writes at once naming it; only when another writer came first (the server refuses the write)
 *   is the key read and the update re-applied;
 * - updates of one key waiting in this process go out as one write: each function is applied in
 *   turn to what the one before made, and each caller gets the value as its own function left it.
 * A function that throws fails its caller only; the others are written without it.
 */
export function keyedUpdates(deps: UpdateDeps) {
  const known = new Map<string, Known>();
  const queues = new Map<string, Waiting[]>();
  /** Buckets this process updates: only their reads are worth remembering. */
  const updated = new Set<string>();
  const id = (bucket: string, key: string) => `${bucket}\u0000${key}`;

  function remember(bucket: string, key: string, k: Known | undefined): void {
    const at = id(bucket, key);
    known.delete(at); // re-inserted last: the map's order is its recency
    if (!k || !updated.has(bucket)) return;
    known.set(at, k);
    if (known.size > KNOWN_KEYS) known.delete(known.keys().next().value!);
  }

  async function read(store: KV, bucket: string, key: string): Promise<Known> {
    deps.meter?.("kv.get", bucket);
    const entry = await store.get(key).catch((err: unknown) => {
      throw natsFailure(`kv get ${bucket}/${key} failed`, err, { bucket, key });
    });
    return knownOf(entry);
  }

  /** One write of every update waiting on the key: re-read and re-applied until no other writer intervenes. */
  async function writeAll(bucket: string, key: string, batch: Waiting[]): Promise<void> {
    const store = await deps.kv(bucket).catch((err: unknown) => {
      throw natsFailure(`kv ${bucket} unavailable`, err, { bucket });
    });
    for (let attempt = 1; attempt <= MAX_CONFLICT_RETRIES; attempt++) {
      const remembered = known.get(id(bucket, key));
      const before = remembered ?? (await read(store, bucket, key));
      let value: unknown = before.data === null ? undefined : JSON.parse(new TextDecoder().decode(before.data));
      let ours = before.ours === true && value !== undefined;
      const outcomes = batch.map((w): { ok: true; value: unknown } | { ok: false; err: unknown } => {
        try {
          value = w.fn(value, ours); // errors of fn are the caller's: not wrapped
          ours = true;
          return { ok: true, value };
        } catch (err) {
          return { ok: false, err };
        }
      });
      const settle = () => outcomes.forEach((o, i) => (o.ok ? batch[i]!.resolve(o.value) : batch[i]!.reject(o.err)));
      if (!outcomes.some((o) => o.ok)) return settle();
      const data = deps.encode(bucket, key, value);
      deps.meter?.("kv.update", bucket, data.length);
      try {
        // Naming the revision read (0: none yet) makes the server refuse it if anyone wrote since.
        const revision = await store.put(key, data, { previousSeq: before.revision });
        remember(bucket, key, { revision, data, ours: true });
        return settle();
      } catch (err) {
        remember(bucket, key, undefined);
        if (!isConflict(err)) throw natsFailure(`kv update ${bucket}/${key} failed`, err, { bucket, key });
        deps.meter?.("kv.conflict", bucket);
        // What was remembered is out of date: read it. Two fresh reads colliding: de-synchronise the writers.
        if (!remembered) await sleep(Math.random() * Math.min(50, attempt * 5));
      }
    }
    throw new BusError(`kv update ${bucket}/${key}: still conflicting after ${MAX_CONFLICT_RETRIES} attempts`, {
      isRetryable: true,
      context: { bucket, key },
    });
  }

  /** Writes what is waiting on the key, batch after batch, until nothing is. */
  async function drain(bucket: string, key: string, queue: Waiting[]): Promise<void> {
    await Promise.resolve(); // updates asked for in the same turn as the first go out with it
    for (let batch = queue.splice(0); batch.length; batch = queue.splice(0)) {
      await writeAll(bucket, key, batch).catch((err: unknown) => batch.forEach((w) => w.reject(err)));
    }
    queues.delete(id(bucket, key));
  }

  function updateJson<T>(bucket: string, key: string, fn: Update<T>): Promise<T> {
    updated.add(bucket);
    return new Promise<T>((resolve, reject) => {
      const waiting: Waiting = {
        fn: (old, ours) => fn(old as T | undefined, ours), // values are the caller's JSON: typed by its fn
        resolve: (value) => resolve(value as T),
        reject,
      };
      const queue = queues.get(id(bucket, key));
      if (queue) return void queue.push(waiting); // a write is under way: this goes in the next one
      const fresh = [waiting];
      queues.set(id(bucket, key), fresh);
      void drain(bucket, key, fresh);
    });
  }

  return { updateJson, remember };
}
