import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TaskRequest } from "@flotilla/contracts";
import { BusError, HEADER, type Bus } from "../src/index.ts";
import { busInternals } from "../src/internals.ts";
import { busFactory, natsFixture, sleep, taskRequest, waitFor } from "./helpers.ts";

let nats: Awaited<ReturnType<typeof natsFixture>>;
const buses = busFactory(() => nats.server.url);
let bus: Bus;

beforeAll(async () => {
  nats = await natsFixture();
  bus = await buses.bus({ team: "leadership" });
  await bus.provision();
});
afterAll(async () => {
  await buses.closeAll();
  await nats.stop();
});

const systemCount = async () => (await busInternals(bus).jsm.streams.info("SYSTEM")).state.messages;

describe("publish", () => {
  it("refuses an invalid message before anything reaches NATS", async () => {
    const seen: string[] = [];
    const w = bus.watch("system.>", (s) => seen.push(s));
    const before = await systemCount();
    const bad = { ...taskRequest(), task: { description: "" } };
    const err = await bus.publish("system.task.request", bad).catch((e: unknown) => e);
    expect(BusError.is(err)).toBe(true);
    expect((err as BusError).name).toBe("BusError");
    expect((err as BusError).isRetryable).toBe(false);
    expect((err as Error).message).toMatch(/TaskRequest.*task\.description must not be empty/s);
    // @ts-expect-error a subject outside the catalogue does not compile; the bus refuses it at run time too
    await expect(bus.publish("no.such.subject", taskRequest())).rejects.toThrow(/no catalogue entry/);
    await bus.flush();
    expect(await systemCount()).toBe(before);
    expect(seen).toEqual([]);
    w.stop();
  });

  it("de-duplicates a re-publish of the same message_id and sets the Flotilla headers", async () => {
    const before = await systemCount();
    const msg = taskRequest("dedup me");
    const first = await bus.publish("system.task.request", msg);
    const second = await bus.publish("system.task.request", msg);
    expect(first.duplicate).toBe(false);
    expect(second.duplicate).toBe(true);
    expect(second.seq).toBe(first.seq);
    expect(await systemCount()).toBe(before + 1);

    const stored = await busInternals(bus).jsm.streams.getMessage("SYSTEM", { seq: first.seq });
    expect(stored?.header.get(HEADER.traceId)).toBe(msg.trace_id);
    // The W3C face of the same trace: the envelope's UUID trace id without its dashes.
    expect(stored?.header.get("traceparent")).toMatch(
      new RegExp(`^00-${msg.trace_id!.replaceAll("-", "")}-[0-9a-f]{16}-01$`),
    );
    expect(stored?.header.get(HEADER.version)).toBe("1.0");
    expect(stored?.header.get(HEADER.sender)).toBe("leadership");
    expect(stored?.header.get("Nats-Msg-Id")).toBe(msg.message_id);
  });
});

describe("lastMessage and watch", () => {
  it("returns the last decoded message on a subject, or null", async () => {
    expect(await bus.lastMessage("system.task.completed")).toBeNull();
    await bus.publish("system.task.request", taskRequest("first"));
    await bus.publish("system.task.request", taskRequest("second"));
    const last = await bus.lastMessage<TaskRequest>("system.task.request");
    expect(last?.task.description).toBe("second");
  });

  it("delivers valid messages to a core watcher and skips invalid ones", async () => {
    const got: Array<[string, unknown]> = [];
    const w = bus.watch("system.task.*", (subject, m) => got.push([subject, m]));
    await bus.flush();
    await busInternals(bus).js.publish("system.task.request", "{broken");
    const msg = taskRequest("watched");
    await bus.publish("system.task.request", msg);
    await waitFor("watched message", () => got.length > 0);
    await sleep(100);
    expect(got).toHaveLength(1);
    expect(got[0]?.[0]).toBe("system.task.request");
    expect((got[0]?.[1] as TaskRequest).message_id).toBe(msg.message_id);
    w.stop();
  });
});
