import type { JetStreamClient } from "@nats-io/jetstream";
import { Objm, type ObjectInfo, type ObjectStore } from "@nats-io/obj";
import { ObjectRef, ObjectStoreName } from "@flotilla/contracts";
import { BusError, natsFailure } from "./errors.ts";
import type { ObjectInfoSummary, Objects } from "./types.ts";
import type { BusMeter } from "./meter.ts";

/** Refs come from messages other processes wrote: check them before they name a stored object. */
function checkRef(ref: ObjectRef): ObjectRef {
  const parsed = ObjectRef.safeParse(ref);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => i.message).join("; ");
    throw new BusError(`invalid object ref ${JSON.stringify(ref)}: ${problems}`, { context: { ref } });
  }
  return parsed.data;
}

function checkStore(store: string): string {
  if (!ObjectStoreName.safeParse(store).success)
    throw new BusError(`unknown object store ${store}`, { context: { store } });
  return store;
}

const summary = (i: ObjectInfo): ObjectInfoSummary => ({
  name: i.name,
  size: i.size,
  mtime: i.mtime,
  description: i.description,
  digest: i.digest,
});

/** Object stores of SPEC §5 by `{object_store, key}`; handles cached per store. */
export function objectAccess(js: JetStreamClient, meter?: BusMeter): Objects {
  const objm = new Objm(js);
  const cache = new Map<string, Promise<ObjectStore>>();
  const open = (store: string): Promise<ObjectStore> => {
    let handle = cache.get(store);
    if (!handle) {
      handle = objm.open(checkStore(store));
      handle.catch(() => cache.delete(store));
      cache.set(store, handle);
    }
    return handle;
  };
  const attempt = async <R>(what: string, ref: unknown, fn: () => Promise<R>): Promise<R> => {
    try {
      return await fn();
    } catch (err) {
      throw natsFailure(`object ${what} failed`, err, { ref });
    }
  };

  const get = async (ref: ObjectRef): Promise<Uint8Array | null> => {
    const { object_store, key } = checkRef(ref);
    return attempt("get", ref, async () => {
      const bytes = await (await open(object_store)).getBlob(key);
      meter?.("obj.get", object_store, bytes?.length ?? 0);
      return bytes;
    });
  };

  return {
    async put(ref, data, meta = {}) {
      const { object_store, key } = checkRef(ref);
      const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
      meter?.("obj.put", object_store, bytes.length);
      // putBlob under an existing name replaces it (meta rolled up, old chunks purged): no duplicates.
      return attempt("put", ref, async () => {
        const store = await open(object_store);
        return summary(await store.putBlob({ name: key, description: meta.description }, bytes));
      });
    },
    get,
    async getText(ref) {
      const bytes = await get(ref);
      return bytes === null ? null : new TextDecoder().decode(bytes);
    },
    async getJson<T>(ref: ObjectRef) {
      const bytes = await get(ref);
      return bytes === null ? null : (JSON.parse(new TextDecoder().decode(bytes)) as T);
    },
    async list(store) {
      checkStore(store);
      meter?.("obj.list", store);
      return attempt("list", { object_store: store }, async () => {
        const all = await (await open(store)).list();
        return all.filter((i) => !i.deleted).map(({ name, size, mtime }) => ({ name, size, mtime }));
      });
    },
    async info(ref) {
      const { object_store, key } = checkRef(ref);
      meter?.("obj.info", object_store);
      return attempt("info", ref, async () => {
        const i = await (await open(object_store)).info(key);
        return i && !i.deleted ? summary(i) : null;
      });
    },
  };
}
