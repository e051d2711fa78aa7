import type { JetStreamClient } from "@nats-io/jetstream";
import { Kvm, type KV, type KvEntry } from "@nats-io/kv";
import { natsFailure } from "./errors.ts";
import { assertFits, headerBytes, type MaxPayload } from "./payload-limit.ts";
import type { BusMeter } from "./meter.ts";
import { keyedUpdates, knownOf } from "./kv-update.ts";

const live = (e: KvEntry | null): e is KvEntry => e !== null && e.operation === "PUT";

/** The most a KV write adds to its value: the revision check header (the largest revision). */
const KV_HEADERS = headerBytes({ "Nats-Expected-Last-Subject-Sequence": String(Number.MAX_SAFE_INTEGER) });

/**
 * KV access with JSON values. Handles are cached per bucket; `open` only binds, no round trip.
 * A value larger than the server's max_payload is refused with a BusError that is not retryable,
 * before it is sent (the server would close the connection on it).
 */
export function kvAccess(js: JetStreamClient, maxPayload?: MaxPayload, meter?: BusMeter) {
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

  /** The value as sent, once it is known to fit. */
  const encode = (bucket: string, key: string, value: unknown): Uint8Array => {
    const data = new TextEncoder().encode(JSON.stringify(value));
    assertFits(`kv write ${bucket}/${key}`, data.length + KV_HEADERS, maxPayload?.(), { bucket, key });
    return data;
  };

  /**
   * Optimistic read-modify-write: the write names the revision it read (or last wrote), so when
   * another instance wrote in between the server refuses it and we re-read and re-apply `fn`.
   * `fn` may therefore run more than once and must be pure (see kv-update.ts).
   */
  const { updateJson, remember } = keyedUpdates({ kv, encode, meter });

  async function getJson<T>(bucket: string, key: string): Promise<T | undefined> {
    meter?.("kv.get", bucket);
    try {
      const entry = await (await kv(bucket)).get(key);
      remember(bucket, key, knownOf(entry));
      return live(entry) ? entry.json<T>() : undefined;
    } catch (err) {
      throw natsFailure(`kv get ${bucket}/${key} failed`, err, { bucket, key });
    }
  }

  /** Keys of live entries (deleted and purged ones left out). */
  async function keys(bucket: string): Promise<string[]> {
    meter?.("kv.keys", bucket);
    try {
      const found: string[] = [];
      for await (const key of await (await kv(bucket)).keys()) found.push(key);
      return found;
    } catch (err) {
      throw natsFailure(`kv keys of ${bucket} failed`, err, { bucket });
    }
  }

  async function putJson(bucket: string, key: string, value: unknown): Promise<number> {
    const data = encode(bucket, key, value);
    meter?.("kv.put", bucket, data.length);
    try {
      const revision = await (await kv(bucket)).put(key, data);
      remember(bucket, key, { revision, data, ours: true });
      return revision;
    } catch (err) {
      remember(bucket, key, undefined);
      throw natsFailure(`kv put ${bucket}/${key} failed`, err, { bucket, key });
    }
  }

  return { kv, getJson, keys, putJson, updateJson };
}
