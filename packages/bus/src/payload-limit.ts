import { BusError } from "./errors.ts";

/** The server's max_payload as the connection last learned it (its INFO); undefined before that. */
export type MaxPayload = () => number | undefined;

const encoder = new TextEncoder();

/** Bytes of the header block NATS sends before a body: `NATS/1.0`, a line per header, a blank line. */
export function headerBytes(headers: Record<string, string>): number {
  const entries = Object.entries(headers);
  if (entries.length === 0) return 0;
  return entries.reduce((n, [k, v]) => n + encoder.encode(`${k}: ${v}\r\n`).length, "NATS/1.0\r\n\r\n".length);
}

/**
 * Refuses, before anything is sent, what the server would refuse: a body and headers over its
 * max_payload. Not retryable (the same message is as large next time); it names the subject or
 * key, the size and the limit, so a person knows what to make smaller.
 *
 * @example
 * assertFits("publish to system.task.completed", body.length + headerBytes(h), nc.info?.max_payload, { subject });
 */
export function assertFits(what: string, size: number, limit: number | undefined, context: Record<string, unknown>) {
  if (limit === undefined || size <= limit) return;
  throw new BusError(`${what} refused: ${size} bytes exceed the server's max_payload of ${limit} bytes`, {
    isRetryable: false,
    context: { ...context, size, max_payload: limit },
  });
}
