/**
 * The round trips a bus makes, as a meter hears of them (`BusOptions.meter`): what was done, on
 * what (a publish's catalogue subject, a KV bucket, an object store, a consumed subject), and how
 * many bytes went over. The bench counts a task's I/O with it; the bus works the same without one.
 *
 * - `publish`: a JetStream publish and its ack; `notify` one sent without waiting for the ack;
 * - `kv.put` an unconditional write; `kv.update` a revision-checked write (`kv.conflict` when
 *   another writer came first and it is tried again);
 * - `kv.get` a read; `obj.put` / `obj.get` a whole object (its chunks and meta);
 * - `pull` a pull request to a durable, `deliver` a message handed to a handler, `ack` its ack.
 */
export type BusOp =
  | "publish"
  | "notify"
  | "kv.get"
  | "kv.put"
  | "kv.update"
  | "kv.conflict"
  | "kv.keys"
  | "obj.put"
  | "obj.get"
  | "obj.info"
  | "obj.list"
  | "pull"
  | "deliver"
  | "ack";

/** Called synchronously as each round trip starts, in the caller's async context. */
export type BusMeter = (op: BusOp, target: string, bytes?: number) => void;
