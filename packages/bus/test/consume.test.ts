import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DlqEntry, TaskRequest } from "@flotilla/contracts";
import { headers } from "@nats-io/transport-node";
import { logFields, type LogFields } from "@flotilla/log";
import { HEADER, type Bus, type Delivery } from "../src/index.ts";
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

const consumerState = (bus: Bus, durable: string) => busInternals(bus).jsm.consumers.info("SYSTEM", durable);
const settled = (bus: Bus, durable: string) =>
  waitFor(`${durable} to settle`, async () => {
    const ci = await consumerState(bus, durable);
    return ci.num_ack_pending === 0 && ci.num_pending === 0 && ci;
  });

describe("consume", () => {
  it("hands a valid message to the handler with its trace id, then acks it", async () => {
    const bus = await buses.bus({ team: "leadership" });
    const got: Array<[TaskRequest, Delivery]> = [];
    const sub = await bus.consume({
      subject: "system.task.request",
      durable: "ok",
      handler: async (m, d) => void got.push([m, d]),
    });
    const msg = taskRequest("hello", { trace_id: "trace-123" });
    const ack = await bus.publish("system.task.request", msg);
    await waitFor("handler", () => got.length === 1);
    const [m, d] = got[0]!;
    expect(m.task.description).toBe("hello");
    expect(d).toMatchObject({
      subject: "system.task.request",
      deliveryCount: 1,
      traceId: "trace-123",
      messageId: msg.message_id,
      streamSequence: ack.seq,
    });
    expect(d.headers[HEADER.sender]).toBe("leadership");
    const ci = await settled(bus, "ok");
    expect(ci.config.ack_policy).toBe("explicit");
    expect(ci.config.filter_subject).toBe("system.task.request");
    expect(ci.config.max_deliver).toBe(5);
    expect(ci.delivered.stream_seq).toBe(ack.seq);
    await sub.stop();
  });

  it("runs the handler in the message's trace: its log fields, from a traceparent when the body names none", async () => {
    const bus = await buses.bus({ team: "leadership" });
    const got: Array<{ traceId: string; fields: LogFields }> = [];
    const sub = await bus.consume({
      subject: "system.task.request",
      durable: "traced",
      handler: async (_m, d) => void got.push({ traceId: d.traceId, fields: logFields() }),
    });
    await bus.publish("system.task.request", taskRequest("traced", { trace_id: "trace-456" }));
    // As a raw client traced by its sender would publish it: a traceparent header, no trace_id.
    const { trace_id: _dropped, ...untraced } = taskRequest("traceparent only");
    const h = headers();
    h.set("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    await busInternals(bus).js.publish("system.task.request", JSON.stringify(untraced), { headers: h });
    await waitFor("both handled", () => got.length === 2);
    expect(got).toEqual([
      { traceId: "trace-456", fields: { trace_id: "trace-456" } },
      { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", fields: { trace_id: "4bf92f3577b34da6a3ce929d0e0e4736" } },
    ]);
    await sub.stop();
  });

  it("dead-letters malformed, unknown-version and invalid messages and keeps running", async () => {
    const bus = await buses.bus({ team: "documentation" });
    const handled: string[] = [];
    const sub = await bus.consume({
      subject: "system.task.request",
      durable: "dlq",
      handler: async (m) => void handled.push(m.task.description),
    });
    const h = headers();
    h.set(HEADER.traceId, "raw-trace");
    const rawJson = "{not json";
    const rawVersion = JSON.stringify({ ...taskRequest("v9"), message_version: "9.9" });
    const rawSchema = JSON.stringify({ ...taskRequest("schema"), task: { priority: "urgent" } });
    const { js, nc } = busInternals(bus); // raw publishes: the bus itself refuses to send these
    await js.publish("system.task.request", rawJson, { headers: h });
    await js.publish("system.task.request", new TextEncoder().encode(rawVersion));
    nc.publish("system.task.request", rawSchema); // core publish: the stream stores it too
    await bus.publish("system.task.request", taskRequest("still alive"));
    await waitFor("valid message after the bad ones", () => handled.length === 1);
    expect(handled).toEqual(["still alive"]);

    const cases = [
      ["invalid_json", rawJson, /not valid JSON/],
      ["unknown_version", rawVersion, /9\.9 is not supported/],
      ["schema_violation", rawSchema, /task\.description/],
    ] as const;
    for (const [reason, raw, detail] of cases) {
      const entry = await waitFor(reason, () => bus.lastMessage<DlqEntry>(`dlq.documentation.${reason}`));
      expect(entry.dlq_metadata).toMatchObject({
        reason,
        original_message: raw,
        original_subject: "system.task.request",
        consumer: "dlq",
        team: "documentation",
        failure_count: 1,
      });
      expect(entry.dlq_metadata.failure_reason).toMatch(detail);
      expect(entry.recovery_instructions).toEqual({
        manual_intervention_required: true,
        replay_subject: "system.task.request",
      });
    }
    const json = await bus.lastMessage<DlqEntry>("dlq.documentation.invalid_json");
    expect(json?.dlq_metadata.original_headers[HEADER.traceId]).toBe("raw-trace");
    expect(json?.trace_id).toBe("raw-trace");
    await settled(bus, "dlq"); // termed, not left pending
    await sub.stop();
  });

  it("retries a failing handler with backoff until it succeeds", async () => {
    const bus = await buses.bus({ team: "development", retryBaseMs: 50 });
    const counts: number[] = [];
    const sub = await bus.consume({
      subject: "system.task.request",
      durable: "retry",
      handler: async (_m, d) => {
        counts.push(d.deliveryCount);
        if (counts.length < 3) throw new Error(`flaky ${counts.length}`);
      },
    });
    await bus.publish("system.task.request", taskRequest("flaky"));
    await waitFor("third attempt", () => counts.length === 3);
    await settled(bus, "retry");
    await sleep(200);
    expect(counts).toEqual([1, 2, 3]);
    expect(await bus.lastMessage("dlq.development.handler_failed")).toBeNull();
    await sub.stop();
  });

  it("dead-letters a message whose handler keeps failing after maxDeliver", async () => {
    const bus = await buses.bus({ team: "devops", maxDeliver: 3, retryBaseMs: 50 });
    let calls = 0;
    const started = Date.now();
    const sub = await bus.consume({
      subject: "system.task.request",
      durable: "doomed",
      handler: async () => {
        calls++;
        throw new Error("model provider exploded");
      },
    });
    const msg = taskRequest("doomed", { task_id: "8d0f4a6e-3a7b-4c1e-9a3f-2b1c0d9e8f7a" });
    await bus.publish("system.task.request", msg);
    const entry = await waitFor("handler_failed DLQ entry", () =>
      bus.lastMessage<DlqEntry>("dlq.devops.handler_failed"),
    );
    expect(calls).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100); // waited ~50 + ~100 ms between attempts
    expect(entry.dlq_metadata).toMatchObject({
      reason: "handler_failed",
      failure_count: 3,
      failure_reason: "model provider exploded",
      task_id: msg.task_id,
      consumer: "doomed",
    });
    expect(JSON.parse(entry.dlq_metadata.original_message).message_id).toBe(msg.message_id);
    expect(entry.recovery_instructions.manual_intervention_required).toBe(false);
    expect(Date.parse(entry.dlq_metadata.first_failure_timestamp)).toBeLessThan(
      Date.parse(entry.dlq_metadata.last_failure_timestamp),
    );
    await settled(bus, "doomed");
    await sleep(200);
    expect(calls).toBe(3);
    await sub.stop();
  });

  it("dead-letters at once a failure that says it is permanent (isRetryable false)", async () => {
    const bus = await buses.bus({ team: "qa", maxDeliver: 5, retryBaseMs: 50 });
    let calls = 0;
    const sub = await bus.consume({
      subject: "system.task.request",
      durable: "permanent",
      handler: async () => {
        calls++;
        throw Object.assign(new Error("HTTP 401 — check OPENAI_API_KEY"), { isRetryable: false });
      },
    });
    await bus.publish(
      "system.task.request",
      taskRequest("permanent", { task_id: "5d0f4a6e-3a7b-4c1e-9a3f-2b1c0d9e8f7b", trace_id: "trace-permanent" }),
    );
    const entry = await waitFor("permanent DLQ entry", () => bus.lastMessage<DlqEntry>("dlq.qa.handler_failed"));
    expect(entry.dlq_metadata).toMatchObject({ failure_count: 1, failure_reason: "HTTP 401 — check OPENAI_API_KEY" });
    // What the failure caused stays in the task's trace: the DLQ entry, the team error, the escalation.
    const traceOf = async (subject: string) => (await bus.lastMessage<{ trace_id?: string }>(subject))?.trace_id;
    expect(entry.trace_id).toBe("trace-permanent");
    await waitFor("the escalation", () => bus.lastMessage("escalation.human.required"));
    expect(await traceOf("team.qa.error")).toBe("trace-permanent");
    expect(await traceOf("escalation.human.required")).toBe("trace-permanent");
    await sleep(300);
    expect(calls).toBe(1);
    await sub.stop();
  });
});
