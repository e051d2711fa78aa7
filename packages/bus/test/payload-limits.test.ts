import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envelope, MAX, type DlqEntry, type TaskFailed } from "@flotilla/contracts";
import { BusError, type Bus } from "../src/index.ts";
import { busInternals } from "../src/internals.ts";
import { busFactory, natsFixture, taskRequest, waitFor } from "./helpers.ts";

let nats: Awaited<ReturnType<typeof natsFixture>>;
const buses = busFactory(() => nats.server.url);
let bus: Bus;
let maxPayload: number;

beforeAll(async () => {
  nats = await natsFixture();
  bus = await buses.bus();
  await bus.provision();
  maxPayload = busInternals(bus).nc.info!.max_payload;
});
afterAll(async () => {
  await buses.closeAll();
  await nats.stop();
});

/** A failed outcome within every field's limit and still over 1 MB: 300 quality flags of 4,000 characters. */
function hugeOutcome(): TaskFailed {
  const taskId = randomUUID();
  return {
    ...envelope({ sender: { team: "leadership", agent: "test", instance_id: "t" }, parent_task_id: taskId }),
    task_id: taskId,
    description: "an outcome too large to publish",
    artifacts: [],
    teams: [],
    packets: [],
    simulated: true,
    quality_flags: Array.from({ length: 300 }, (_, i) => `${i} ${"f".repeat(MAX.text - 8)}`),
    duration_ms: 1,
    verification: "none",
    approvals: [],
    status: "failed",
    reason: "too large",
  };
}

const refusal = (what: string) =>
  new RegExp(`^${what} refused: \\d+ bytes exceed the server's max_payload of ${maxPayload} bytes$`);

describe("max_payload", () => {
  it("is the server's default 1 MB here", () => {
    expect(maxPayload).toBe(1024 * 1024);
  });

  it("refuses a publish over it before sending, naming subject, size and limit, not retryable", async () => {
    const outcome = hugeOutcome();
    const err = await bus.publish("system.task.failed", outcome).catch((e: unknown) => e);
    expect(BusError.is(err)).toBe(true);
    expect((err as BusError).isRetryable).toBe(false);
    expect((err as BusError).message).toMatch(refusal("publish to system\\.task\\.failed"));
    expect((err as BusError).context).toMatchObject({ subject: "system.task.failed", max_payload: maxPayload });
    expect((err as BusError).context.size).toBeGreaterThan(maxPayload);
    // Nothing reached the stream, and the connection is still fine for the next message.
    expect(await bus.lastMessage("system.task.failed")).toBeNull();
    await bus.publish("system.task.failed", { ...outcome, quality_flags: [] });
    expect((await bus.lastMessage<TaskFailed>("system.task.failed"))?.task_id).toBe(outcome.task_id);
  });

  it("refuses a KV value over it with a clear error, and the key keeps its value", async () => {
    const big = { blob: "x".repeat(maxPayload) };
    await bus.putJson("environment_config", "limits", { ok: true });
    const put = await bus.putJson("environment_config", "limits", big).catch((e: unknown) => e);
    expect(BusError.is(put) && put.isRetryable).toBe(false);
    expect((put as Error).message).toMatch(refusal("kv write environment_config/limits"));
    const update = await bus.updateJson("environment_config", "limits", () => big).catch((e: unknown) => e);
    expect((update as Error).message).toMatch(refusal("kv write environment_config/limits"));
    expect(await bus.getJson("environment_config", "limits")).toEqual({ ok: true });
  });
});

describe("dead letters too large for their entry", () => {
  it("keep their body in dlq_payloads; the entry has an excerpt and the reference", async () => {
    const handled: string[] = [];
    await bus.consume({
      subject: "system.task.request",
      durable: "payload_limits",
      handler: async (m) => void handled.push(m.message_id),
    });
    // ~1 MB with its envelope: a correlation id far over its limit, as any NATS client could send it.
    const request = { ...taskRequest("too large"), correlation_id: "c".repeat(1_000_000) };
    const body = JSON.stringify(request);
    await busInternals(bus).js.publish("system.task.request", body);

    const entry = await waitFor("the DLQ entry", () => bus.lastMessage<DlqEntry>("dlq.qa.schema_violation"));
    const meta = entry.dlq_metadata;
    expect(meta.failure_reason).toMatch(/correlation_id/);
    expect(meta.original_message_ref).toEqual({ object_store: "dlq_payloads", key: `qa/${entry.message_id}` });
    expect(body.startsWith(meta.original_message)).toBe(true);
    expect(meta.original_message.length).toBeLessThan(10_000);
    // Not the oversized id: the entry's own.
    expect(entry.correlation_id).toBe(request.message_id);
    expect(await bus.objects.getText(meta.original_message_ref!)).toBe(body);
    expect(handled).toEqual([]);
  });
});
