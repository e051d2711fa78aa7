import type { DeliveryInfo, JsMsg } from "@nats-io/jetstream";
import { nanos, type Msg, type NatsConnection } from "@nats-io/transport-node";
import { BusError } from "./errors.ts";

/**
 * What the bus uses of a JetStream delivery: a subset of nats.js `JsMsg`, so a message from a
 * library pull and one from `probe()` are handled alike.
 */
export type Received = Pick<JsMsg, "subject" | "data" | "headers" | "working" | "ack" | "ackAck" | "nak" | "term"> & {
  info: Pick<DeliveryInfo, "stream" | "consumer" | "deliveryCount" | "streamSequence">;
};

/** nats-server 2.9 does not answer a pull for a missing consumer: after this long, presume it gone. */
const PROBE_TIMEOUT_MS = 3_000;
const ACK_TIMEOUT_MS = 5_000;

/**
 * Takes the next message of a durable if one is waiting, else resolves null: at once, or after
 * waiting up to `waitMs` at the server for one to be stored. This is a JetStream pull request
 * with `no_wait` or a short `expires`, which nats.js v3 no longer offers (`Consumer.next()` waits
 * at least 1 s). The request gets its own inbox (`noMux`): after a timeout nothing listens any
 * more, so the server drops the request instead of handing a message to no one.
 *
 * @example
 * const message = await probe(nc, "QA", "qa__qa_test_requested_high"); // null: nothing waiting
 */
export async function probe(nc: NatsConnection, stream: string, durable: string, waitMs = 0): Promise<Received | null> {
  const request = waitMs > 0 ? { batch: 1, expires: nanos(waitMs) } : { batch: 1, no_wait: true };
  const answer = await nc.request(`$JS.API.CONSUMER.MSG.NEXT.${stream}.${durable}`, JSON.stringify(request), {
    timeout: waitMs + PROBE_TIMEOUT_MS,
    noMux: true,
  });
  if (answer.reply?.startsWith("$JS.ACK.")) return received(nc, answer, answer.reply);
  const code = answer.headers?.code;
  // 404: nothing waiting. 408: the wait expired, or pulls of other instances already wait for what there is.
  if (code === 404 || code === 408) return null;
  throw new BusError(`pull from ${stream}/${durable} refused: ${code ?? "?"} ${answer.headers?.description ?? ""}`, {
    isRetryable: true,
    context: { stream, durable, code },
  });
}

/**
 * A delivery settled through its reply subject, as nats.js does it: `+ACK`, `-NAK [delay]`,
 * `+WPI`, `+TERM`. Only the first final answer is sent; `+WPI` may repeat.
 */
function received(nc: NatsConnection, msg: Msg, reply: string): Received {
  // $JS.ACK.<stream>.<consumer>.<delivered>.<stream seq>.<consumer seq>.<ns>.<pending> on 2.9;
  // later servers may insert <domain>.<account hash> after ACK.
  const tokens = reply.split(".");
  const at = tokens.length === 9 ? 2 : 4;
  const [stream = "", consumer = "", delivered = "0", sequence = "0"] = tokens.slice(at, at + 4);
  let settled = false;
  const settle = (answer: string) => {
    if (settled) return;
    settled = true;
    msg.respond(answer);
  };
  return {
    subject: msg.subject,
    data: msg.data,
    headers: msg.headers,
    info: { stream, consumer, deliveryCount: Number(delivered), streamSequence: Number(sequence) },
    working: () => void (settled || msg.respond("+WPI")),
    nak: (millis) => settle(millis ? `-NAK ${JSON.stringify({ delay: nanos(millis) })}` : "-NAK"),
    // A reason is ignored before nats-server 2.11: none is sent.
    term: () => settle("+TERM"),
    ack: () => settle("+ACK"),
    async ackAck(opts) {
      if (settled) return false;
      settled = true;
      await nc.request(reply, "+ACK", { timeout: opts?.timeout ?? ACK_TIMEOUT_MS });
      return true;
    },
  };
}
