import { AsyncLocalStorage } from "node:async_hooks";

/** Fields every log line carries while a piece of work runs: the trace and task it belongs to. */
export interface LogFields {
  trace_id?: string;
  task_id?: string;
}

// One store per process: the bus sets it around each handler, pino's mixin reads it.
const store = new AsyncLocalStorage<LogFields>();

/**
 * Runs `fn` with `fields` stamped on every log line written inside it (awaits included), on
 * top of the fields of an enclosing call. Undefined values leave the outer ones in place.
 *
 * @example
 * await withLogFields({ trace_id: m.trace_id, task_id: m.task_id }, () => handler(m));
 */
export function withLogFields<T>(fields: LogFields, fn: () => T): T {
  const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  return store.run({ ...store.getStore(), ...defined }, fn);
}

/** A copy of the fields in force here (pino's mixin merges into what it gets), empty outside any `withLogFields`. */
export function logFields(): LogFields {
  return { ...store.getStore() };
}
