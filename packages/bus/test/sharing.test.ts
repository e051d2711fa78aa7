import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DlqEntry, TaskRequest } from "@flotilla/contracts";
import type { Delivery } from "../src/index.ts";
import { busInternals } from "../src/internals.ts";
import { busFactory, natsFixture, sleep, taskRequest, waitFor } from "./helpers.ts";

let nats: Awaited<ReturnType<typeof natsFixture>>;
const buses = busFactory(() => nats.server.url);

beforeAll(async () => {
  nats = await natsFixture();
  await (await buses.bus()).provision();
});
afterAll(async () => {
  await buses.closeAll();
  await nats.stop();
});

const never = () => new Promise<void>(() => undefined);

describe("instances sharing a durable", () => {
  it("split the messages between them and handle none twice", async () => {
    const [a, b] = [await buses.bus({ instanceId: "a" }), await buses.bus({ instanceId: "b" })];
    const handled: Array<[string, string]> = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const handler = (who: string) => async (m: TaskRequest) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      handled.push([who, m.message_id]);
      await sleep(150);
      inFlight--;
    };
    const subs = [
      await a.consume({ subject: "system.task.request", durable: "split", handler: handler("a"), concurrency: 2 }),
      await b.consume({ subject: "system.task.request", durable: "split", handler: handler("b"), concurrency: 2 }),
    ];
    const sent = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const msg = taskRequest(`job ${i}`);
        await a.publish("system.task.request", msg);
        return msg.message_id;
      }),
    );
    await waitFor("10 handled", () => handled.length >= 10);
    await sleep(300);
    expect(handled).toHaveLength(10);
    expect(new Set(handled.map(([, id]) => id))).toEqual(new Set(sent));
    expect(handled.filter(([w]) => w === "a").length).toBeGreaterThanOrEqual(1);
    expect(handled.filter(([w]) => w === "b").length).toBeGreaterThanOrEqual(1);
    expect(maxInFlight).toBeLessThanOrEqual(4); // 2 per instance
    await Promise.all(subs.map((s) => s.stop()));
  });

  it("bounds the handlers in flight per consumer", async () => {
    const bus = await buses.bus();
    let inFlight = 0;
    let maxInFlight = 0;
    let done = 0;
    const sub = await bus.consume({
      subject: "system.task.request",
      durable: "bounded",
      concurrency: 3,
      handler: async () => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await sleep(50);
        inFlight--;
        done++;
      },
    });
    for (let i = 0; i < 12; i++) await bus.publish("system.task.request", taskRequest(`b${i}`));
    await waitFor("12 handled", () => done === 12);
    expect(maxInFlight).toBe(3);
    await sub.stop();
  });

  it("hand work to the next instance at once after a graceful stop", async () => {
    const a = await buses.bus({ instanceId: "old" });
    const b = await buses.bus({ instanceId: "new" });
    const seen: Array<[string, number]> = [];
    const rolling = (who: string) => async (_m: unknown, d: Delivery) => void seen.push([who, d.deliveryCount]);
    const subA = await a.consume({ subject: "system.task.request", durable: "rolling", handler: rolling("a") });
    await subA.stop();
    const subB = await b.consume({ subject: "system.task.request", durable: "rolling", handler: rolling("b") });
    await a.publish("system.task.request", taskRequest("after the restart"));
    // The stopped instance's pull must not swallow it until ack wait (30 s) runs out.
    await waitFor("new instance to get it", () => seen.length === 1, 3_000);
    expect(seen).toEqual([["b", 1]]);
    await subB.stop();
  });

  it("re-deliver a message to a surviving instance when one dies mid-handler", async () => {
    const a = await buses.bus({ instanceId: "dying", ackWaitMs: 2000 });
    const b = await buses.bus({ instanceId: "survivor", ackWaitMs: 2000 });
    const seenByA: number[] = [];
    const seenByB: number[] = [];
    await a.consume({
      subject: "system.task.request",
      durable: "crash",
      handler: (_m, d) => (seenByA.push(d.deliveryCount), never()),
    });
    const msg = taskRequest("survive me");
    await a.publish("system.task.request", msg);
    await waitFor("A to take the message", () => seenByA.length === 1);
    const sub = await b.consume({
      subject: "system.task.request",
      durable: "crash",
      handler: async (_m, d) => void seenByB.push(d.deliveryCount),
    });
    await sleep(2500); // A's keep-alive (every ackWait/3) must hold the message past ack wait
    expect(seenByB).toEqual([]);
    expect(seenByA).toEqual([1]);
    await a.close(); // dies without acking
    await waitFor("re-delivery to B", () => seenByB.length === 1, 8_000);
    expect(seenByB).toEqual([2]);
    await waitFor(
      "acked",
      async () => (await busInternals(b).jsm.consumers.info("SYSTEM", "crash")).num_ack_pending === 0,
    );
    await sub.stop();
  }, 20_000);

  it("dead-letter a message the server gave up on after its last holder died", async () => {
    const a = await buses.bus({ team: "development", instanceId: "dying", ackWaitMs: 1000, maxDeliver: 1 });
    const b = await buses.bus({ team: "development", instanceId: "survivor", ackWaitMs: 1000, maxDeliver: 1 });
    let calls = 0;
    await a.consume({ subject: "system.task.request", durable: "exhausted", handler: () => (calls++, never()) });
    const msg = taskRequest("lost?");
    await a.publish("system.task.request", msg);
    await waitFor("A to take the message", () => calls === 1);
    const sub = await b.consume({
      subject: "system.task.request",
      durable: "exhausted",
      handler: async () => void calls++,
    });
    await a.close();
    const entry = await waitFor("DLQ entry", () => b.lastMessage<DlqEntry>("dlq.development.handler_failed"), 8_000);
    expect(entry.dlq_metadata).toMatchObject({ reason: "handler_failed", failure_count: 1, consumer: "exhausted" });
    expect(entry.dlq_metadata.failure_reason).toMatch(/not acknowledged after 1 deliveries/);
    expect(JSON.parse(entry.dlq_metadata.original_message).message_id).toBe(msg.message_id);
    expect(calls).toBe(1);
    await sub.stop();
  }, 20_000);
});
