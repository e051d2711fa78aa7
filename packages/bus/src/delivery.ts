import { decode, type Decoded, type DlqReason, type Envelope, type MessageOf, type Subject } from "@flotilla/contracts";
import { messageWithCause } from "@flotilla/errors";
import type { Logger } from "@flotilla/log";
import { markFailed } from "@flotilla/tracing";
import { backoffDelay } from "./backoff.ts";
import { deadLetterMessage } from "./dlq.ts";
import { runParked, type ParkContext } from "./park.ts";
import { escalateDeadLetter, reportError } from "./team-events.ts";
import type { Received } from "./probe.ts";
import { headerRecord } from "./publish.ts";
import { inTraceOf, traceOf } from "./trace.ts";
import type { Bus, Delivery, Objects } from "./types.ts";
import type { BusMeter } from "./meter.ts";

export interface DeliveryContext<S extends Subject> {
  team: string;
  instanceId: string;
  maxDeliver: number;
  retryBaseMs: number;
  log: Logger;
  handler: (message: MessageOf<S>, ctx: Delivery) => Promise<void>;
  /** The catalogue subject consumed (what the meter names deliveries and acks by). */
  consumed: string;
  /** False: acks are sent without waiting for the server's confirmation (ConsumeSpec.confirmAcks). */
  confirmAcks?: boolean;
  meter?: BusMeter;
  publish: Bus["publish"];
  /** Where a dead letter's body goes when it is too large for its entry. */
  objects: Pick<Objects, "put">;
  /** First failure time per stream sequence, known only to this process (best effort). */
  firstFailures: Map<number, string>;
  /** True once the consumer stops (a parked handler then gives its message back). */
  stopped(): boolean;
  /** Overrides of the park timing (tests). */
  park?: ParkContext["timing"];
}

/** What the bus itself reads of a message it hands over. */
type Ids = Pick<Envelope, "message_id" | "trace_id">;

/**
 * Bytes to the handler's type. `decode` validated them against the schema of their subject's
 * catalogue row, and the consumer's filter only lets through subjects of `S`'s row, so they are
 * a `MessageOf<S>`; TypeScript cannot follow a subject known only at run time, so this is the one
 * place on the consume path where that type is asserted rather than inferred.
 */
function decodeFor<S extends Subject>(m: Received): Decoded<MessageOf<S> & Ids> {
  return decode<MessageOf<S> & Ids>(m.subject, m.data); // asserted: see above
}

/**
 * Runs one delivery to its end: decode, handler, then ack, retry later, or dead-letter.
 * Never throws: every outcome is settled on the message itself.
 */
export async function processMessage<S extends Subject>(c: DeliveryContext<S>, m: Received): Promise<void> {
  const { deliveryCount, streamSequence } = m.info;
  const decoded = decodeFor<S>(m);
  if (!decoded.ok) {
    const { reason, detail } = decoded;
    c.log.warn({ subject: m.subject, seq: streamSequence, reason, detail }, "undecodable message sent to DLQ");
    await deadLetter(c, m, reason, detail);
    return;
  }
  const headers = headerRecord(m.headers);
  const message = decoded.message;
  const traceId = traceOf(headers, message) ?? message.message_id;
  const delivery: Delivery = {
    subject: m.subject,
    deliveryCount,
    traceId,
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
  // Everything from here on (handler, retries, DLQ, their log lines) runs in the message's trace.
  const received = { team: c.team, subject: m.subject, deliveryCount, traceId, headers, message };
  await inTraceOf(received, () => {
    c.meter?.("deliver", c.consumed, m.data.length);
    return handleAndSettle(c, m, message, delivery);
  });
}

async function handleAndSettle<S extends Subject>(
  c: DeliveryContext<S>,
  m: Received,
  message: MessageOf<S> & Ids,
  delivery: Delivery,
): Promise<void> {
  const { streamSequence } = m.info;
  try {
    await runParked(
      { team: c.team, instanceId: c.instanceId, log: c.log, publish: c.publish, stopped: c.stopped, timing: c.park },
      message,
      () => c.handler(message, delivery),
    );
  } catch (err) {
    markFailed(err);
    await handlerFailed(c, m, err);
    return;
  }
  c.firstFailures.delete(streamSequence);
  try {
    // Wait for the server to confirm: an ack lost in a disconnect means a re-delivery, not a loss.
    c.meter?.("ack", c.consumed);
    if (c.confirmAcks === false) m.ack();
    else await m.ackAck();
  } catch (err) {
    c.log.warn(
      { seq: streamSequence, err: messageWithCause(err) },
      "ack not confirmed; the message may be re-delivered",
    );
  }
}

async function handlerFailed<S extends Subject>(c: DeliveryContext<S>, m: Received, err: unknown): Promise<void> {
  const { deliveryCount, streamSequence } = m.info;
  const reason = err instanceof Error ? err.message : String(err);
  if (!c.firstFailures.has(streamSequence)) {
    c.firstFailures.set(streamSequence, new Date().toISOString());
    // Bounded: a message finished by another instance never clears its entry here.
    const oldest = c.firstFailures.keys().next();
    if (c.firstFailures.size > 1_000 && !oldest.done) c.firstFailures.delete(oldest.value);
  }
  // An error that says it is permanent (isRetryable false: bad key, invalid request) is not
  // retried; only that explicit verdict counts, so an abort (a team shutting down) is retried.
  const permanent = typeof err === "object" && err !== null && Reflect.get(err, "isRetryable") === false;
  const final = permanent || deliveryCount >= c.maxDeliver;
  const raw = new TextDecoder().decode(m.data);
  await reportError(c, { err, subject: m.subject, raw, deliveryCount, final });
  if (final) {
    const failure = { subject: m.subject, seq: streamSequence, deliveryCount, permanent, err: reason };
    c.log.error(failure, "handler failed for the last time; sent to DLQ");
    await deadLetter(c, m, "handler_failed", reason);
    await escalateDeadLetter(c, { subject: m.subject, raw, reason });
    return;
  }
  const delay = backoffDelay(deliveryCount, { baseMs: c.retryBaseMs });
  c.log.warn(
    { subject: m.subject, seq: streamSequence, deliveryCount, retryInMs: delay, err: reason },
    "handler failed; will retry",
  );
  m.nak(delay);
}

/**
 * Publishes the DLQ entry (its body to the object store first when too large), then terminates
 * the message; if the DLQ is unreachable the message is retried instead of lost.
 */
export async function deadLetter<S extends Subject>(
  c: DeliveryContext<S>,
  m: Received,
  reason: DlqReason,
  failureReason: string,
): Promise<void> {
  const input = {
    team: c.team,
    instanceId: c.instanceId,
    consumer: m.info.consumer,
    stream: m.info.stream,
    streamSequence: m.info.streamSequence,
    subject: m.subject,
    raw: new TextDecoder().decode(m.data),
    headers: headerRecord(m.headers),
    reason,
    failureReason,
    failureCount: m.info.deliveryCount,
    firstFailure: c.firstFailures.get(m.info.streamSequence),
  };
  try {
    await deadLetterMessage(c, input);
  } catch (err) {
    c.log.error({ subject: m.subject, err: messageWithCause(err) }, "DLQ publish failed; message will be retried");
    m.nak(backoffDelay(m.info.deliveryCount, { baseMs: c.retryBaseMs }));
    return;
  }
  c.firstFailures.delete(m.info.streamSequence);
  // term() without a reason: the reason field is ignored before nats-server 2.11.
  m.term();
}
