import type { Consumer, ConsumerMessages, JetStreamClient } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { sleep } from "./backoff.ts";
import type { ConsumerPlan } from "./consumer-setup.ts";
import { probe, type Received } from "./probe.ts";

/** Where a consumer loop gets the next message for the handler slot it already holds. */
export interface Source {
  /**
   * The next message, or undefined when there was none this time (the loop asks again). Throws
   * when a pull failed. `room`: how many handler slots are free counting the one this message
   * takes, so a batched source may ask the server for that many at once.
   */
  take(room: number): Promise<Received | undefined>;
  /** After a failure: drop cached handles (the loop re-ensures the consumers meanwhile). */
  reset(): void;
  /** Ends a waiting `take()` at once; nothing is pulled afterwards. */
  halt(): void;
}

/** How long one pull waits for a message; heartbeats every half of it reveal a dead pull. */
const PULL_EXPIRES_MS = 10_000;

/**
 * One durable: a long pull of one message (the 07_consume_jobs.js pattern), so the server hands
 * over a message the moment it is stored, to an instance that has a slot for it.
 *
 * `batched`: one pull asks for as many messages as there are free slots (`room`) and hands them
 * over one by one as they arrive, each to a slot that was free when it was asked for, so none
 * waits in a client buffer either; the next pull is made once that one is used up or expires.
 * For many small messages (metrics), where a pull per message would cost more than its handler.
 */
export function pullSource(js: JetStreamClient, plan: ConsumerPlan, pulled?: () => void, batched = false): Source {
  let consumer: Consumer | undefined;
  let batch: ConsumerMessages | undefined;
  let pending: AsyncIterator<Received> | undefined;
  let halted = false;
  return {
    async take(room) {
      if (!pending) {
        const pulledAt = Date.now();
        consumer ??= await js.consumers.get(plan.stream, plan.durable);
        if (halted) return undefined;
        pulled?.();
        batch = await consumer.fetch({ max_messages: batched ? Math.max(1, room) : 1, expires: PULL_EXPIRES_MS });
        if (halted) batch.stop(); // halted while the pull was being set up
        pending = batch[Symbol.asyncIterator]();
        const first = await next();
        if (first) return first;
        // A pull that ends empty long before it expires means the server refused it: don't spin.
        if (!halted && Date.now() - pulledAt < PULL_EXPIRES_MS / 10) await sleep(250);
        return undefined;
      }
      return next();
    },
    reset() {
      consumer = undefined;
      pending = undefined;
    },
    halt() {
      halted = true;
      batch?.stop();
    },
  };

  /** The pull's next message; undefined (and the pull done with) once it has none left. */
  async function next(): Promise<Received | undefined> {
    const pull = pending;
    let r: IteratorResult<Received> | undefined;
    try {
      r = await pull?.next();
      // One message per pull unless batched: this one ends it.
      if (r && !r.done && !batched) await pull?.return?.();
    } finally {
      if (!batched || !r || r.done) {
        pending = undefined;
        batch = undefined;
      }
    }
    return r && !r.done ? r.value : undefined;
  }
}

/**
 * With nothing waiting, the priorities are asked again after this long even without a bell:
 * re-deliveries (retries after a failure, messages of a crashed holder) ring none.
 */
const REPROBE_MS = 1_000;

/**
 * A bell can ring before the stream has stored what rang it: the pull that follows a bell waits
 * up to this long at the server (it returns as soon as the message is there).
 */
const BELL_WAIT_MS = 50;

/**
 * Strict priority over the durables of a prioritized subject (`plans`, high first) on nats-server
 * 2.9, which has no priority groups. Each `take()` asks the durables in turn with a non-blocking
 * pull, so a freed slot always gets the highest priority the server holds. When all are empty it
 * waits, keeping its slot, for a bell (a core subscription on `<subject>.*` hears every publish)
 * or REPROBE_MS, then asks again: after a bell only the priorities that rang, still high first.
 * Every pull is answered before the next is made, so no message is handed to a slot that is gone
 * and none is nak'ed back (a nak would count as a delivery). The one bound on strictness: an idle
 * slot woken by a bell may take a lower priority whose bell rang a round trip before a higher one.
 */
export function prioritySource(
  nc: NatsConnection,
  plans: readonly ConsumerPlan[],
  bellSubject: string,
  pulled?: () => void,
): Source {
  const rang = new Set<ConsumerPlan>();
  let wake: (() => void) | undefined;
  let halted = false;
  const bell = nc.subscribe(bellSubject, {
    callback: (err, msg) => {
      const plan = plans.find((p) => p.subject === msg.subject);
      if (err || !plan) return;
      rang.add(plan);
      wake?.();
    },
  });
  const idle = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => wake?.(), REPROBE_MS);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });

  return {
    async take() {
      let round = plans; // a freed slot: every priority
      let waitMs = 0;
      for (;;) {
        rang.clear();
        for (const plan of round) {
          if (halted) return undefined;
          pulled?.();
          const message = await probe(nc, plan.stream, plan.durable, waitMs);
          if (message) return message;
        }
        if (rang.size === 0 && !halted) await idle(); // a bell during the round means: ask again now
        if (halted) return undefined;
        round = rang.size > 0 ? plans.filter((p) => rang.has(p)) : plans;
        waitMs = rang.size > 0 ? BELL_WAIT_MS : 0;
      }
    },
    reset: () => undefined,
    halt() {
      halted = true;
      bell.unsubscribe();
      wake?.();
    },
  };
}
