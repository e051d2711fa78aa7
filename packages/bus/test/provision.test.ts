import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KV_BUCKETS, OBJECT_STORES, STREAMS } from "@flotilla/contracts";
import type { JetStreamManager } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { busInternals } from "../src/internals.ts";
import { busFactory, natsFixture } from "./helpers.ts";

let nats: Awaited<ReturnType<typeof natsFixture>>;
const buses = busFactory(() => nats.server.url);

beforeAll(async () => {
  nats = await natsFixture();
});
afterAll(async () => {
  await buses.closeAll();
  await nats.stop();
});

async function streamNames(jsm: JetStreamManager): Promise<string[]> {
  const names: string[] = [];
  for await (const name of jsm.streams.names()) names.push(name);
  return names;
}

describe("provision", () => {
  it("creates every stream, KV bucket and object store, concurrently and then again", async () => {
    const [a, b] = [await buses.bus({ instanceId: "a" }), await buses.bus({ instanceId: "b" })];
    // Two fresh processes racing on an empty server, then re-runs: all must succeed.
    await Promise.all([a.provision(), b.provision()]);
    await a.provision();
    await b.provision();

    const { jsm } = busInternals(a);
    const names = await streamNames(jsm);
    for (const s of Object.keys(STREAMS)) expect(names).toContain(s);
    for (const kv of KV_BUCKETS) expect(names).toContain(`KV_${kv}`);
    for (const os of OBJECT_STORES) expect(names).toContain(`OBJ_${os}`);

    const system = (await jsm.streams.info("SYSTEM")).config;
    expect(system.subjects).toEqual(["system.>"]);
    expect(system.storage).toBe("file");
    expect(system.retention).toBe("limits");
    expect(system.duplicate_window).toBe(nanos(10 * 60_000));
    expect(system.max_age).toBe(nanos(30 * 86_400_000));
    expect((await jsm.streams.info("DLQ")).config.max_age).toBe(nanos(90 * 86_400_000));
    expect((await jsm.streams.info("KV_workflow_state")).config.max_msgs_per_subject).toBe(5);
  }, 30_000);

  it("puts back subjects that drifted on an existing stream", async () => {
    const a = await buses.bus();
    await a.provision();
    const { jsm } = busInternals(a);
    await jsm.streams.update("OPERATIONS", { subjects: ["recovery.>"] });
    await a.provision();
    expect([...(await jsm.streams.info("OPERATIONS")).config.subjects].sort()).toEqual([
      "circuit_breaker.>",
      "escalation.>",
      "recovery.>",
    ]);
  }, 30_000);
});
