import { headers as natsHeaders, type MsgHdrs, type NatsConnection } from "@nats-io/transport-node";
import type { JetStreamClient, PubAck } from "@nats-io/jetstream";
import {
  catalogueEntry,
  prioritySubject,
  validateOutgoing,
  type Envelope,
  type WorkflowContext,
} from "@flotilla/contracts";
import { messageWithCause } from "@flotilla/errors";
import { TRACEPARENT, traceparentFor } from "@flotilla/tracing";
import { BusError, natsFailure } from "./errors.ts";
import { assertFits, headerBytes, type MaxPayload } from "./payload-limit.ts";
import type { BusMeter } from "./meter.ts";

/**
 * Headers stamped on every published message, so tools can trace without parsing bodies. A
 * message with a trace also gets a W3C `traceparent` of that trace (see @flotilla/tracing).
 *
 * @example
 * const trace = delivery.headers[HEADER.traceId];
 */
export const HEADER = {
  traceId: "Flotilla-Trace-Id",
  version: "Flotilla-Message-Version",
  sender: "Flotilla-Sender",
} as const;

/** What the bus reads of a message once the catalogue has validated it: ids, version, priority. */
type Routing = Pick<Envelope, "message_id" | "message_version" | "trace_id"> & {
  workflow?: Pick<WorkflowContext, "priority">;
};

/**
 * Every catalogue message is an envelope, so a validated one has these fields: read, not parsed
 * again (this runs for every message a process sends).
 */
function routingOf(valid: unknown, subject: string): Routing {
  const r = valid as Partial<Routing> | null;
  if (typeof r?.message_id !== "string" || typeof r.message_version !== "string")
    throw new BusError(`refusing to publish on ${subject}: the message is not an envelope`, { context: { subject } });
  return r as Routing;
}

/**
 * The last message validated, by identity, and its JSON: progress goes out on two subjects of
 * one schema at once, and the second need not be validated nor encoded again. It is forgotten at
 * the end of the turn, so a message changed between two publishes is always validated afresh.
 */
let lastValidated: { message: unknown; schema: string; valid: unknown; body: Uint8Array } | undefined;

function validated(subject: string, message: unknown): { valid: unknown; body: Uint8Array } {
  const schema = catalogueEntry(subject)?.message;
  const last = lastValidated;
  if (schema !== undefined && last && last.message === message && last.schema === schema) return last;
  let valid: unknown;
  try {
    valid = validateOutgoing(subject, message);
  } catch (err) {
    throw new BusError(messageWithCause(err), { cause: err, context: { subject } });
  }
  const body = new TextEncoder().encode(JSON.stringify(valid));
  if (schema !== undefined) {
    if (!lastValidated) queueMicrotask(() => (lastValidated = undefined));
    lastValidated = { message, schema, valid, body };
  }
  return { valid, body };
}

/** A message ready to go: validated, routed, its headers stamped, known to fit. */
interface Outgoing {
  /** Where it is stored (`<subject>.<priority>` for a work request). */
  stored: string;
  /** The catalogue subject it was published as (what a meter counts it under). */
  family: string;
  body: Uint8Array;
  headers: MsgHdrs;
  messageId: string;
  size: number;
}

function outgoing(team: string, subject: string, message: unknown, maxPayload?: MaxPayload): Outgoing {
  const { valid, body } = validated(subject, message);
  const routing = routingOf(valid, subject);
  const entry = catalogueEntry(subject);
  const stored = entry?.prioritized ? prioritySubject(entry.subject, routing.workflow?.priority ?? "medium") : subject;
  const h: MsgHdrs = natsHeaders();
  if (routing.trace_id) {
    h.set(HEADER.traceId, routing.trace_id);
    h.set(TRACEPARENT, traceparentFor(routing.trace_id));
  }
  h.set(HEADER.version, routing.message_version);
  h.set(HEADER.sender, team);
  const size = body.length + headerBytes({ ...headerRecord(h), "Nats-Msg-Id": routing.message_id });
  assertFits(`publish to ${stored}`, size, maxPayload?.(), { subject: stored, message_id: routing.message_id });
  return { stored, family: entry?.subject ?? subject, body, headers: h, messageId: routing.message_id, size };
}

/**
 * Validates `message` against the schema the catalogue names for `subject`, then publishes it
 * to JetStream. A work request (a prioritized subject) is stored on `<subject>.<priority>`, the
 * priority its validated `workflow` carries. `message_id` is the de-duplication id: a re-publish
 * after a crash (same deterministic id, within the 10-minute window) is acked with
 * `duplicate: true` and not stored. A message larger than the server's max_payload (body and
 * headers) is refused before it is sent, with a BusError that is not retryable.
 */
export async function publishMessage(
  js: JetStreamClient,
  team: string,
  subject: string,
  message: unknown,
  maxPayload?: MaxPayload,
  meter?: BusMeter,
): Promise<PubAck> {
  const out = outgoing(team, subject, message, maxPayload);
  meter?.("publish", out.family, out.size);
  try {
    return await js.publish(out.stored, out.body, { msgID: out.messageId, headers: out.headers });
  } catch (err) {
    throw natsFailure(`publish to ${out.stored} failed`, err, { subject: out.stored, message_id: out.messageId });
  }
}

/**
 * The same message sent without waiting for JetStream's ack: a core NATS publish the stream
 * stores (and de-duplicates by `Nats-Msg-Id`) like any other. Nothing confirms it, so it is for
 * what nobody waits on and losing costs nothing (progress, metrics, completions); while the
 * connection is down the client buffers it. Validation and size errors still throw, at once.
 */
export function notifyMessage(
  nc: NatsConnection,
  team: string,
  subject: string,
  message: unknown,
  maxPayload?: MaxPayload,
  meter?: BusMeter,
): void {
  const out = outgoing(team, subject, message, maxPayload);
  out.headers.set("Nats-Msg-Id", out.messageId);
  meter?.("notify", out.family, out.size);
  nc.publish(out.stored, out.body, { headers: out.headers });
}

/** Headers of a received message as a plain record (first value of each). */
export function headerRecord(h: MsgHdrs | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  for (const key of h.keys()) out[key] = h.get(key);
  return out;
}
