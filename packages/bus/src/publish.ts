import { headers as natsHeaders, type MsgHdrs } from "@nats-io/transport-node";
import type { JetStreamClient, PubAck } from "@nats-io/jetstream";
import { catalogueEntry, Envelope, prioritySubject, validateOutgoing, WorkflowContext } from "@flotilla/contracts";
import { messageWithCause } from "@flotilla/errors";
import { TRACEPARENT, traceparentFor } from "@flotilla/tracing";
import { BusError, natsFailure } from "./errors.ts";
import { assertFits, headerBytes, type MaxPayload } from "./payload-limit.ts";

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
const Routing = Envelope.pick({ message_id: true, message_version: true, trace_id: true }).extend({
  workflow: WorkflowContext.pick({ priority: true }).optional(),
});

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
): Promise<PubAck> {
  let valid: unknown;
  try {
    valid = validateOutgoing(subject, message);
  } catch (err) {
    throw new BusError(messageWithCause(err), { cause: err, context: { subject } });
  }
  const routing = Routing.parse(valid);
  const entry = catalogueEntry(subject);
  const stored = entry?.prioritized ? prioritySubject(entry.subject, routing.workflow?.priority ?? "medium") : subject;
  const h: MsgHdrs = natsHeaders();
  if (routing.trace_id) {
    h.set(HEADER.traceId, routing.trace_id);
    h.set(TRACEPARENT, traceparentFor(routing.trace_id));
  }
  h.set(HEADER.version, routing.message_version);
  h.set(HEADER.sender, team);
  const body = new TextEncoder().encode(JSON.stringify(valid));
  const size = body.length + headerBytes({ ...headerRecord(h), "Nats-Msg-Id": routing.message_id });
  assertFits(`publish to ${stored}`, size, maxPayload?.(), { subject: stored, message_id: routing.message_id });
  try {
    return await js.publish(stored, body, { msgID: routing.message_id, headers: h });
  } catch (err) {
    throw natsFailure(`publish to ${stored} failed`, err, { subject: stored, message_id: routing.message_id });
  }
}

/** Headers of a received message as a plain record (first value of each). */
export function headerRecord(h: MsgHdrs | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  for (const key of h.keys()) out[key] = h.get(key);
  return out;
}
