import { headers as natsHeaders, type MsgHdrs } from "@nats-io/transport-node";
import type { JetStreamClient, PubAck } from "@nats-io/jetstream";
import { validateOutgoing } from "@flotilla/contracts";
import { BusError, natsFailure } from "./errors.ts";

/**
 * Headers stamped on every published message, so tools can trace without parsing bodies.
 *
 * @example
 * const trace = delivery.headers[HEADER.traceId];
 */
export const HEADER = {
  traceId: "Flotilla-Trace-Id",
  version: "Flotilla-Message-Version",
  sender: "Flotilla-Sender",
} as const;

type Envelope = { message_id: string; message_version: string; trace_id?: string };

/**
 * Validates `message` against the schema the catalogue names for `subject`, then publishes it
 * to JetStream. `message_id` is the de-duplication id: a re-publish after a crash (same
 * deterministic id, within the 10-minute window) is acked with `duplicate: true` and not stored.
 */
export async function publishMessage(js: JetStreamClient, team: string, subject: string, message: object): Promise<PubAck> {
  let valid: Envelope;
  try {
    valid = validateOutgoing(subject, message) as Envelope;
  } catch (err) {
    throw new BusError((err as Error).message, { cause: err, context: { subject } });
  }
  const h: MsgHdrs = natsHeaders();
  if (valid.trace_id) h.set(HEADER.traceId, valid.trace_id);
  h.set(HEADER.version, valid.message_version);
  h.set(HEADER.sender, team);
  try {
    return await js.publish(subject, JSON.stringify(valid), { msgID: valid.message_id, headers: h });
  } catch (err) {
    throw natsFailure(`publish to ${subject} failed`, err, { subject, message_id: valid.message_id });
  }
}

/** Headers of a received message as a plain record (first value of each). */
export function headerRecord(h: MsgHdrs | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  for (const key of h.keys()) out[key] = h.get(key);
  return out;
}
