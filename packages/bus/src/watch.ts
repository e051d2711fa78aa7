import type { JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { decode, STREAMS, catalogueEntry } from "@flotilla/contracts";
import type { Logger } from "@flotilla/log";
import { BusError, natsFailure } from "./errors.ts";

/** Stream holding a concrete subject: the catalogue's, else the first stream whose pattern covers it. */
function streamHolding(subject: string): string {
  const entry = catalogueEntry(subject);
  if (entry) return entry.stream;
  const found = Object.entries(STREAMS).find(([, s]) => s.subjects.some((p) => subject.startsWith(p.slice(0, -1))));
  if (!found) throw new BusError(`no stream holds subject ${subject}`, { context: { subject } });
  return found[0];
}

/**
 * Last message stored on a concrete subject (`last_by_subj`, available on nats-server 2.9),
 * decoded and upgraded like a consumed one. Null when there is none or it does not decode.
 */
export async function lastMessage<T>(jsm: JetStreamManager, log: Logger, subject: string): Promise<T | null> {
  if (subject.includes("*") || subject.includes(">"))
    throw new BusError(`lastMessage needs a concrete subject, got ${subject}`);
  const stream = streamHolding(subject);
  let stored;
  try {
    stored = await jsm.streams.getMessage(stream, { last_by_subj: subject });
  } catch (err) {
    throw natsFailure(`reading the last message on ${subject} failed`, err, { subject, stream });
  }
  if (!stored) return null;
  const decoded = decode<T>(stored.subject, stored.data);
  if (decoded.ok) return decoded.message;
  log.warn(
    { subject, seq: stored.seq, reason: decoded.reason, detail: decoded.detail },
    "last message does not decode",
  );
  return null;
}

/**
 * Live view over core NATS: JetStream-published messages reach plain subscribers too. Nothing
 * is acked or replayed; invalid messages are skipped (consumers dead-letter them, not watchers).
 */
export function watchSubjects(
  nc: NatsConnection,
  log: Logger,
  pattern: string,
  onMessage: (subject: string, message: unknown) => void,
): { stop(): void } {
  const sub = nc.subscribe(pattern, {
    callback: (err, msg) => {
      if (err) return log.warn({ pattern, err: err.message }, "watch subscription error");
      const decoded = decode(msg.subject, msg.data);
      if (!decoded.ok)
        return log.debug({ subject: msg.subject, reason: decoded.reason }, "watch skipped an invalid message");
      try {
        onMessage(msg.subject, decoded.message);
      } catch (e) {
        log.warn({ subject: msg.subject, err: (e as Error).message }, "watch callback threw");
      }
    },
  });
  return { stop: () => sub.unsubscribe() };
}
