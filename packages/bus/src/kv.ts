import { JetStreamApiCodes, JetStreamApiError, type JetStreamClient } from "@nats-io/jetstream";
import { Kvm, type KV, type KvEntry } from "@nats-io/kv";
import { BusError, natsFailure } from "./errors.ts";
import { sleep } from "./backoff.ts";
import { assertFits, headerBytes, type MaxPayload } from "./payload-limit.ts";

const MAX_CONFLICT_RETRIES = 50;

const isConflict = (err: unknown) =>
  err instanceof JetStreamApiError &&
  (err.code === JetStreamApiCodes.StreamWrongLastSequence ||
    err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown);

const live = (e: KvEntry | null): e is KvEntry => e !== null && e.operation === "PUT";

/** The most a KV write adds to its value: the revision check header (the largest revision). */
const KV_HEADERS = headerBytes({ "Nats-Expected-Last-Subject-Sequence": String(Number.MAX_SAFE_INTEGER) });

/**
 * KV access with JSON values. Handles are cached per bucket; `open` only binds, no round trip.
 * A value larger than the server's max_payload is refused with a BusError that is not retryable,
 * before it is sent (the server would close the connection on it).
 */
export function kvAccess(js: JetStreamClient, maxPayload?: MaxPayload) {
  const kvm = new Kvm(js);
  const cache = new Map<string, Promise<KV>>();

  const kv = (bucket: string): Promise<KV> => {
    let handle = cache.get(bucket);
    if (!handle) {
      handle = kvm.open(bucket);
      handle.catch(() => cache.delete(bucket));
      cache.set(bucket, handle);
    }
    return handle;
  };

  async function getJson<T>(bucket: string, key: string): Promise<T | undefined> {
    try {
      const entry = await (await kv(bucket)).get(key);
      return live(entry) ? entry.json<T>() : undefined;
    } catch (err) {
      throw natsFailure(`kv get ${bucket}/${key} failed`, err, { bucket, key });
    }
  }

  /** Keys of live entries (deleted and purged ones left out). */
  async function keys(bucket: string): Promise<string[]> {
    try {
      const found: string[] = [];
      for await (const key of await (await kv(bucket)).keys()) found.push(key);
      return found;
    } catch (err) {
      throw natsFailure(`kv keys of ${bucket} failed`, err, { bucket });
    }
  }

  /** The value as sent, once it is known to fit. */
  const encode = (bucket: string, key: string, value: unknown): Uint8Array => {
    const data = new TextEncoder().encode(JSON.stringify(value));
    assertFits(`kv write ${bucket}/${key}`, data.length + KV_HEADERS, maxPayload?.(), { bucket, key });
    return data;
  };

  async function putJson(bucket: string, key: string, value: unknown): Promise<number> {
    const data = encode(bucket, key, value);
    try {
      return await (await kv(bucket)).put(key, data);
    } catch (err) {
      throw natsFailure(`kv put ${bucket}/${key} failed`, err, { bucket, key });
    }
  }

  /**
   * Optimistic read-modify-write: the write names the revision it read (`create` when the key
   * is absent), so when another instance wrote in between the server refuses it and we re-read
   * and re-apply `fn`. `fn` may therefore run more than once and must be pure.
   */
  async function updateJson<T>(bucket: string, key: string, fn: (old: T | undefined) => T): Promise<T> {
    const store = await kv(bucket).catch((err: unknown) => {
      throw natsFailure(`kv ${bucket} unavailable`, err, { bucket });
    });
    for (let attempt = 1; attempt <= MAX_CONFLICT_RETRIES; attempt++) {
      const entry = await store.get(key).catch((err: unknown) => {
        throw natsFailure(`kv get ${bucket}/${key} failed`, err, { bucket, key });
      });
      const next = fn(live(entry) ? entry.json<T>() : undefined); // errors of fn are the caller's: not wrapped
      const data = encode(bucket, key, next);
      try {
        // create() also succeeds over a deleted key, using the delete marker's revision.
        if (live(entry)) await store.update(key, data, entry.revision);
        else await store.create(key, data);
        return next;
      } catch (err) {
        if (!isConflict(err)) throw natsFailure(`kv update ${bucket}/${key} failed`, err, { bucket, key });
        await sleep(Math.random() * Math.min(50, attempt * 5)); // de-synchronise the writers
      }
    }
    throw new BusError(`kv update ${bucket}/${key}: still conflicting after ${MAX_CONFLICT_RETRIES} attempts`, {
      isRetryable: true,
      context: { bucket, key },
    });
  }

  return { kv, getJson, keys, putJson, updateJson };
}
