import { AckPolicy, DeliverPolicy, JetStreamApiCodes, JetStreamApiError, ReplayPolicy } from "@nats-io/jetstream";
import type { ConsumerConfig, JetStreamManager } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { BusError } from "./errors.ts";

export interface ConsumerPlan {
  stream: string;
  durable: string;
  subject: string;
  ackWaitMs: number;
  maxDeliver: number;
}

const notFound = (err: unknown) => err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound;

/**
 * Creates the durable pull consumer, or brings ack_wait / max_deliver of an existing one in
 * line (unless `createOnly`, used when provisioning). Only fields nats-server 2.9 knows are sent: one `filter_subject` (not
 * `filter_subjects`), no metadata, no priority groups, no pause. No `backoff` either: it needs
 * max_deliver above its length; retries use `nak(delay)` instead.
 */
export async function ensureConsumer(
  jsm: JetStreamManager,
  plan: ConsumerPlan,
  opts: { createOnly?: boolean } = {},
): Promise<void> {
  const existing = await jsm.consumers.info(plan.stream, plan.durable).catch((err: unknown) => {
    if (notFound(err)) return null;
    throw err;
  });
  const ackWait = nanos(plan.ackWaitMs);
  if (!existing) {
    const config: Partial<ConsumerConfig> = {
      durable_name: plan.durable,
      filter_subject: plan.subject,
      ack_policy: AckPolicy.Explicit,
      ack_wait: ackWait,
      max_deliver: plan.maxDeliver,
      deliver_policy: DeliverPolicy.New,
      replay_policy: ReplayPolicy.Instant,
    };
    try {
      await jsm.consumers.add(plan.stream, config);
      return;
    } catch (err) {
      // A sibling instance created it first (with our config the add is a no-op; otherwise verify).
      const raced = await jsm.consumers.info(plan.stream, plan.durable).catch(() => null);
      if (!raced) throw err;
      return opts.createOnly ? undefined : verify(jsm, plan, raced.config);
    }
  }
  // Provisioning leaves an existing consumer as its team configured it.
  if (opts.createOnly) return;
  return verify(jsm, plan, existing.config);
}

async function verify(jsm: JetStreamManager, plan: ConsumerPlan, have: ConsumerConfig): Promise<void> {
  if ((have.filter_subject ?? "") !== plan.subject) {
    // 2.9 cannot change a consumer's filter: a durable name must keep meaning one subject.
    throw new BusError(
      `durable ${plan.durable} on stream ${plan.stream} filters ${have.filter_subject ?? "(nothing)"}, not ${plan.subject};` +
        " pick another durable name or delete it",
      { context: { durable: plan.durable, stream: plan.stream } },
    );
  }
  if (have.ack_wait !== nanos(plan.ackWaitMs) || have.max_deliver !== plan.maxDeliver) {
    await jsm.consumers.update(plan.stream, plan.durable, {
      ack_wait: nanos(plan.ackWaitMs),
      max_deliver: plan.maxDeliver,
    });
  }
}
