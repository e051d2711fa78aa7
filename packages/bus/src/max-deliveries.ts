import type { JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Logger } from "@flotilla/log";
import { deadLetterMessage } from "./dlq.ts";
import { headerRecord } from "./publish.ts";
import type { Bus, Objects } from "./types.ts";

export interface MaxDeliveriesWatch {
  nc: NatsConnection;
  jsm: JetStreamManager;
  log: Logger;
  team: string;
  instanceId: string;
  stream: string;
  durable: string;
  publish: Bus["publish"];
  objects: Pick<Objects, "put">;
}

interface MaxDeliverAdvisory {
  stream: string;
  consumer: string;
  stream_seq: number;
  deliveries: number;
}

/**
 * A message whose last delivery was never settled (the process died mid-handler) is dropped by
 * the server after max_deliver with only an advisory. This turns that advisory into a
 * `handler_failed` DLQ entry, so nothing is lost silently. Every instance of the durable
 * listens; the DLQ entry's deterministic id lets JetStream keep one.
 */
export function watchMaxDeliveries(w: MaxDeliveriesWatch): { stop(): void } {
  const subject = `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${w.stream}.${w.durable}`;
  const sub = w.nc.subscribe(subject, {
    callback: (err, msg) => {
      if (err) return;
      Promise.resolve()
        .then(() => toDlq(w, msg.json<MaxDeliverAdvisory>()))
        .catch((e: unknown) =>
          w.log.error({ subject, err: (e as Error).message }, "could not dead-letter an exhausted message"),
        );
    },
  });
  return { stop: () => sub.unsubscribe() };
}

async function toDlq(w: MaxDeliveriesWatch, adv: MaxDeliverAdvisory): Promise<void> {
  const stored = await w.jsm.streams.getMessage(adv.stream, { seq: adv.stream_seq });
  if (!stored) return; // aged out of the stream already: nothing left to keep
  await deadLetterMessage(w, {
    team: w.team,
    instanceId: w.instanceId,
    consumer: w.durable,
    stream: adv.stream,
    streamSequence: adv.stream_seq,
    subject: stored.subject,
    raw: new TextDecoder().decode(stored.data),
    headers: headerRecord(stored.header),
    reason: "handler_failed",
    failureReason: `not acknowledged after ${adv.deliveries} deliveries (handler crashed or exceeded the ack wait)`,
    failureCount: adv.deliveries,
  });
  w.log.warn(
    { subject: stored.subject, seq: adv.stream_seq, deliveries: adv.deliveries },
    "exhausted message sent to DLQ",
  );
}
