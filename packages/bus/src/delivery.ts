import type { JsMsg, PubAck } from "@nats-io/jetstream";
import { decode, type DlqReason } from "@flotilla/contracts";
import type { Logger } from "@flotilla/log";
import { backoffDelay } from "./backoff.ts";
import { dlqEntry } from "./dlq.ts";
import { HEADER, headerRecord } from "./publish.ts";
import type { Delivery } from "./types.ts";

export interface DeliveryContext<T> {
  team: string;
  instanceId: string;
  durable: string;
  maxDeliver: number;
  retryBaseMs: number;
  log: Logger;
  handler: (message: T, ctx: Delivery) => Promise<void>;
  publish: (subject: string, message: object) => Promise<PubAck>;
  /** First failure time per stream sequence, known only to this process (best effort). */
  firstFailures: Map<number, string>;
}

type Envelope = { message_id: string; trace_id?: string };

/**
 * Runs one delivery to its end: decode, handler, then ack, retry later, or dead-letter.
 * Never throws: every outcome is settled on the message itself.
 */
export async function processMessage<T>(c: DeliveryContext<T>, m: JsMsg): Promise<void> {
  const { deliveryCount, streamSequence } = m.info;
  const decoded = decode<T & Envelope>(m.subject, m.data);
  if (!decoded.ok) {
    c.log.warn({ subject: m.subject, seq: streamSequence, reason: decoded.reason, detail: decoded.detail }, "undecodable message sent to DLQ");
    await deadLetter(c, m, decoded.reason, decoded.detail);
    return;
  }
  const headers = headerRecord(m.headers);
  const message = decoded.message;
  const delivery: Delivery = {
    subject: m.subject,
    deliveryCount,
    traceId: headers[HEADER.traceId] ?? message.trace_id ?? message.message_id,
    messageId: message.message_id,
    streamSequence,
    headers,
    working: () => {
      try {
        m.working();
      } catch {
        // Only a hint to the server: a closed connection means re-delivery anyway.
      }
    },
  };
  try {
    await c.handler(message, delivery);
  } catch (err) {
    await handlerFailed(c, m, err);
    return;
  }
  c.firstFailures.delete(streamSequence);
  try {
    // Wait for the server to confirm: an ack lost in a disconnect means a re-delivery, not a loss.
    await m.ackAck();
  } catch (err) {
    c.log.warn({ seq: streamSequence, err: (err as Error).message }, "ack not confirmed; the message may be re-delivered");
  }
}

async function handlerFailed<T>(c: DeliveryContext<T>, m: JsMsg, err: unknown): Promise<void> {
  const { deliveryCount, streamSequence } = m.info;
  const reason = err instanceof Error ? err.message : String(err);
  if (!c.firstFailures.has(streamSequence)) {
    c.firstFailures.set(streamSequence, new Date().toISOString());
    // Bounded: a message finished by another instance never clears its entry here.
    if (c.firstFailures.size > 1_000) c.firstFailures.delete(c.firstFailures.keys().next().value as number);
  }
  // An error that says it is permanent (isRetryable false: bad key, invalid request) is not retried.
  const permanent = (err as { isRetryable?: unknown } | null)?.isRetryable === false;
  if (permanent || deliveryCount >= c.maxDeliver) {
    c.log.error({ subject: m.subject, seq: streamSequence, deliveryCount, permanent, err: reason }, "handler failed for the last time; sent to DLQ");
    await deadLetter(c, m, "handler_failed", reason);
    return;
  }
  const delay = backoffDelay(deliveryCount, { baseMs: c.retryBaseMs });
  c.log.warn({ subject: m.subject, seq: streamSequence, deliveryCount, retryInMs: delay, err: reason }, "handler failed; will retry");
  m.nak(delay);
}

/** Publishes the DLQ entry, then terminates the message; if the DLQ is unreachable the message is retried instead of lost. */
export async function deadLetter<T>(c: DeliveryContext<T>, m: JsMsg, reason: DlqReason, failureReason: string): Promise<void> {
  const { subject, entry } = dlqEntry({
    team: c.team,
    instanceId: c.instanceId,
    consumer: c.durable,
    stream: m.info.stream,
    streamSequence: m.info.streamSequence,
    subject: m.subject,
    raw: new TextDecoder().decode(m.data),
    headers: headerRecord(m.headers),
    reason,
    failureReason,
    failureCount: m.info.deliveryCount,
    firstFailure: c.firstFailures.get(m.info.streamSequence),
  });
  try {
    await c.publish(subject, entry);
  } catch (err) {
    c.log.error({ subject, err: (err as Error).message }, "DLQ publish failed; message will be retried");
    m.nak(backoffDelay(m.info.deliveryCount, { baseMs: c.retryBaseMs }));
    return;
  }
  c.firstFailures.delete(m.info.streamSequence);
  // term() without a reason: the reason field is ignored before nats-server 2.11.
  m.term();
}
