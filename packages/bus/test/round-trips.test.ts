import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envelope } from "@flotilla/contracts";
import { BusError, type Bus, type BusOp } from "../src/index.ts";
import { busInternals } from "../src/internals.ts";
import { busFactory, natsFixture, sleep, taskRequest, waitFor } from "./helpers.ts";

let nats: Awaited<ReturnType<typeof natsFixture>>;
const buses = busFactory(() => nats.server.url);
let bus: Bus;
const ops: Array<[BusOp, string]> = [];

beforeAll(async () => {
  nats = await natsFixture();
  bus = await buses.bus({ meter: (op, target) => void ops.push([op, target]) });
  await bus.provision();
});
afterAll(async () => {
  await buses.closeAll();
  await nats.stop();
});

const counted = (op: BusOp) => ops.filter(([o]) => o === op).length;
const inc = (key: string, b = bus) =>
  b.updateJson<{ n: number }>("workflow_state", key, (old) => ({ n: (old?.n ?? 0) + 1 }));

describe("revision-checked updates", () => {
  it("writes at once naming the revision it last wrote, and reads only when another writer came first", async () => {
    await inc("known");
    ops.length = 0;
    await inc("known");
    await inc("known");
    expect([counted("kv.get"), counted("kv.update"), counted("kv.conflict")]).toEqual([0, 2, 0]);

    const other = await buses.bus({ instanceId: "other" });
    await inc("known", other);
    ops.length = 0;
    expect(await inc("known")).toEqual({ n: 5 }); // refused once, read, re-applied: nothing lost
    expect([counted("kv.get"), counted("kv.update"), counted("kv.conflict")]).toEqual([1, 2, 1]);
  });

  it("sends the updates of one key waiting in this process as one write, each caller seeing its own", async () => {
    await inc("batched");
    ops.length = 0;
    const boom = new Error("refused by its caller");
    const results = await Promise.allSettled([
      inc("batched"),
      inc("batched"),
      bus.updateJson("workflow_state", "batched", () => {
        throw boom;
      }),
      inc("batched"),
    ]);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : r.reason))).toEqual([
      { n: 2 },
      { n: 3 },
      boom,
      { n: 4 },
    ]);
    expect(counted("kv.update")).toBeLessThan(4);
    expect(await bus.getJson("workflow_state", "batched")).toEqual({ n: 4 });
  });

  it("writes over a deleted key with the revision of its delete marker", async () => {
    await inc("deleted");
    await (await busInternals(bus).kv("workflow_state")).delete("deleted");
    expect(await bus.getJson("workflow_state", "deleted")).toBeUndefined();
    expect(await inc("deleted")).toEqual({ n: 1 });
  });
});

describe("notify", () => {
  const progress = (id: string) => ({
    ...envelope({ sender: { team: "qa", agent: "t", instance_id: "t" }, message_id: id }),
    task_id: "7b0c5c8e-3f1a-4c59-9d0e-2a8f6f7f3a11",
    team: "qa" as const,
    step: "test" as const,
    phase: "drafting" as const,
    detail: "drafting",
    round: 1,
    progress: 0.5,
  });

  it("is stored without waiting for an ack, once per message id", async () => {
    const { jsm } = busInternals(bus);
    const before = (await jsm.streams.info("SYSTEM")).state.messages;
    const [first, second] = [randomUUID(), randomUUID()];
    bus.notify("system.task.progress", progress(first));
    bus.notify("system.task.progress", progress(first)); // a re-send: de-duplicated
    bus.notify("system.task.progress", progress(second));
    await bus.flush();
    expect((await jsm.streams.info("SYSTEM")).state.messages - before).toBe(2);
    expect(counted("notify")).toBeGreaterThanOrEqual(3);
  });

  it("validates a message sent again after it changed, even as the same object", async () => {
    const m = progress(randomUUID());
    bus.notify("system.task.progress", m);
    bus.notify("metrics.workflow.progress", m); // the same turn: validated once, sent twice
    await Promise.resolve();
    m.progress = 7;
    expect(() => bus.notify("metrics.workflow.progress", m)).toThrow(BusError);
  });

  it("still refuses an invalid message, at once", () => {
    expect(() => bus.notify("system.task.progress", { ...progress(randomUUID()), progress: 7 })).toThrow(BusError);
  });
});

describe("batched pulls", () => {
  it("takes a burst in a few pulls, each message once and only into a free slot", async () => {
    const consumer = await buses.bus({
      team: "leadership",
      instanceId: "batched",
      meter: (op, target) => void ops.push([op, target]),
    });
    const seen: string[] = [];
    let inFlight = 0;
    let most = 0;
    const sub = await consumer.consume({
      subject: "system.task.request",
      durable: "batched",
      concurrency: 8,
      batch: true,
      confirmAcks: false,
      handler: async (m) => {
        most = Math.max(most, ++inFlight);
        await sleep(1);
        seen.push(m.message_id);
        inFlight--;
      },
    });
    ops.length = 0;
    const sent = await Promise.all(
      Array.from({ length: 40 }, (_, i) => taskRequest(`burst ${i}`)).map(async (m) => {
        await bus.publish("system.task.request", m);
        return m.message_id;
      }),
    );
    await waitFor("every message handled", () => seen.length >= sent.length);
    const { jsm } = busInternals(bus);
    // Unconfirmed acks still settle every message on the server.
    await waitFor("acks settled", async () => {
      const ci = await jsm.consumers.info("SYSTEM", "batched");
      return ci.num_ack_pending === 0 && ci.num_pending === 0;
    });
    await sub.stop();
    expect([...seen].sort()).toEqual([...sent].sort());
    expect(most).toBeLessThanOrEqual(8);
    expect(counted("pull")).toBeLessThan(sent.length / 2); // one pull per message would be 40
  });
});
