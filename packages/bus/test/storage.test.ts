import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Objm } from "@nats-io/obj";
import { BusError, type Bus } from "../src/index.ts";
import { busInternals } from "../src/internals.ts";
import { busFactory, natsFixture } from "./helpers.ts";

let nats: Awaited<ReturnType<typeof natsFixture>>;
const buses = busFactory(() => nats.server.url);
let bus: Bus;

beforeAll(async () => {
  nats = await natsFixture();
  bus = await buses.bus();
  await bus.provision();
});
afterAll(async () => {
  await buses.closeAll();
  await nats.stop();
});

describe("objects", () => {
  const ref = { object_store: "code_artifacts", key: "task-1/implement/r1/code.json" } as const;

  it("puts, gets, lists and replaces objects by key", async () => {
    await bus.objects.put(ref, JSON.stringify({ files: ["a.ts"] }), { description: "first" });
    expect(await bus.objects.getJson(ref)).toEqual({ files: ["a.ts"] });
    const big = "x".repeat(300_000); // several chunks
    const info = await bus.objects.put(ref, big, { description: "second" });
    expect(info.size).toBe(300_000);
    expect(await bus.objects.getText(ref)).toBe(big);
    expect(await bus.objects.list("code_artifacts")).toEqual([
      { name: ref.key, size: 300_000, mtime: expect.any(String) },
    ]);
    expect(await bus.objects.info(ref)).toMatchObject({ name: ref.key, size: 300_000, description: "second" });

    const bytes = new Uint8Array([0, 1, 2, 255]);
    const other = { object_store: "code_artifacts", key: "task-1/bin" } as const;
    await bus.objects.put(other, bytes);
    expect([...(await bus.objects.get(other))!]).toEqual([...bytes]);
    expect((await bus.objects.list("code_artifacts")).map((o) => o.name).sort()).toEqual([other.key, ref.key].sort());
  });

  it("returns null for a missing object and leaves deleted ones out of list", async () => {
    const gone = { object_store: "test_reports", key: "gone.json" } as const;
    expect(await bus.objects.get(gone)).toBeNull();
    expect(await bus.objects.info(gone)).toBeNull();
    await bus.objects.put(gone, "{}");
    await (await new Objm(busInternals(bus).js).open("test_reports")).delete(gone.key);
    expect(await bus.objects.list("test_reports")).toEqual([]);
    expect(await bus.objects.info(gone)).toBeNull();
    expect(await bus.objects.get(gone)).toBeNull();
  });

  it("rejects refs that escape their folder or name no store", async () => {
    for (const key of ["../etc/passwd", "a/../../b", "a b"]) {
      const err = await bus.objects.put({ object_store: "code_artifacts", key }, "x").catch((e: unknown) => e);
      expect(BusError.is(err)).toBe(true);
      expect((err as BusError).isRetryable).toBe(false);
    }
    await expect(bus.objects.get({ object_store: "code_artifacts", key: "../x" })).rejects.toThrow(/'\.\.'/);
    await expect(bus.objects.get({ object_store: "nope" as never, key: "x" })).rejects.toThrow(/invalid object ref/);
    await expect(bus.objects.list("nope" as never)).rejects.toThrow(/unknown object store/);
  });
});

describe("kv", () => {
  it("reads and writes JSON, undefined when absent", async () => {
    expect(await bus.getJson("task_assignments", "missing")).toBeUndefined();
    await bus.putJson("task_assignments", "t1", { packets: 2 });
    expect(await bus.getJson("task_assignments", "t1")).toEqual({ packets: 2 });
    const { kv } = busInternals(bus);
    expect(await kv("task_assignments")).toBe(await kv("task_assignments")); // one cached handle per bucket
    await (await kv("task_assignments")).delete("t1");
    expect(await bus.getJson("task_assignments", "t1")).toBeUndefined();
    expect(await bus.updateJson<number>("task_assignments", "t1", (old) => (old ?? 100) + 1)).toBe(101);
  });

  it("loses no increment when two connections update the same key concurrently", async () => {
    const other = await buses.bus({ instanceId: "other" });
    const inc = (b: Bus) =>
      b.updateJson<{ n: number }>("workflow_state", "counter", (old) => ({ n: (old?.n ?? 0) + 1 }));
    await Promise.all(Array.from({ length: 20 }, () => [inc(bus), inc(other)]).flat());
    expect(await bus.getJson("workflow_state", "counter")).toEqual({ n: 40 });
    const entry = await (await busInternals(bus).kv("workflow_state")).get("counter");
    expect(entry?.revision).toBeGreaterThan(0);
  }, 30_000);

  it("tells an update whether it starts from this process's own value", async () => {
    const other = await buses.bus({ instanceId: "ours-other" });
    const seen: Array<[string, boolean]> = [];
    const update = (b: Bus, who: string) =>
      b.updateJson<{ by: string }>("workflow_state", "ours", (old, ours) => {
        seen.push([`${old?.by ?? "-"}>${who}`, ours]);
        return { by: who };
      });
    await update(bus, "a"); // nothing there yet
    await update(bus, "a"); // its own write, still the latest
    await Promise.all([update(bus, "b"), update(bus, "c")]); // one write: c starts from what b made
    await update(other, "x"); // another process writes
    await update(bus, "d"); // its remembered write is refused by the server, then it reads x's
    expect(seen).toEqual([
      ["->a", false],
      ["a>a", true],
      ["a>b", true],
      ["b>c", true],
      ["c>x", false], // read: other never wrote it
      ["c>d", true], // what it remembered: refused
      ["x>d", false], // what it read instead
    ]);
  });

  it("lists the keys of live entries", async () => {
    expect(await bus.keys("environment_config")).toEqual([]);
    await bus.putJson("environment_config", "a", 1);
    await bus.putJson("environment_config", "b", 2);
    await bus.putJson("environment_config", "c", 3);
    await (await busInternals(bus).kv("environment_config")).delete("b");
    expect((await bus.keys("environment_config")).sort()).toEqual(["a", "c"]);
  });

  it("leaves errors thrown by the update function unwrapped", async () => {
    const boom = new Error("bad state");
    await expect(
      bus.updateJson("workflow_state", "x", () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
  });
});
