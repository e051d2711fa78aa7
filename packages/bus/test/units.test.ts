import { describe, expect, it } from "vitest";
import { DlqEntry } from "@flotilla/contracts";
import { backoffDelay, BusError } from "../src/index.ts";
import { dlqEntry, type DlqInput } from "../src/dlq.ts";

const input: DlqInput = {
  team: "qa",
  instanceId: "qa-1",
  consumer: "qa-tests",
  stream: "QA",
  streamSequence: 42,
  subject: "qa.test.requested",
  raw: "{oops",
  headers: { "Flotilla-Trace-Id": "t-1" },
  reason: "invalid_json",
  failureReason: "not valid JSON",
  failureCount: 1,
};

describe("dlqEntry", () => {
  it("is a valid DlqEntry on dlq.<team>.<reason> with an id fixed by stream, sequence and consumer", () => {
    const a = dlqEntry(input);
    expect(a.subject).toBe("dlq.qa.invalid_json");
    expect(DlqEntry.safeParse(a.entry).success).toBe(true);
    expect(dlqEntry(input).entry.message_id).toBe(a.entry.message_id); // a re-delivery de-duplicates
    expect(dlqEntry({ ...input, streamSequence: 43 }).entry.message_id).not.toBe(a.entry.message_id);
    expect(dlqEntry({ ...input, consumer: "other" }).entry.message_id).not.toBe(a.entry.message_id);
    expect(a.entry.trace_id).toBe("t-1");
  });

  it("finds a nested task id for people searching the DLQ", () => {
    const raw = JSON.stringify({ message_id: "m", workflow: { task_id: "task-9" } });
    expect(dlqEntry({ ...input, raw }).entry.dlq_metadata.task_id).toBe("task-9");
  });
});

describe("backoffDelay", () => {
  it("doubles from the base with ±25 % jitter and caps at 30 s", () => {
    for (let i = 0; i < 50; i++) {
      expect(backoffDelay(1)).toBeGreaterThanOrEqual(750);
      expect(backoffDelay(1)).toBeLessThanOrEqual(1250);
      expect(backoffDelay(3)).toBeGreaterThanOrEqual(3000);
      expect(backoffDelay(3)).toBeLessThanOrEqual(5000);
      expect(backoffDelay(20)).toBeLessThanOrEqual(30_000);
      expect(backoffDelay(2, { baseMs: 100 })).toBeLessThanOrEqual(250);
    }
  });
});

describe("BusError", () => {
  it("has a stable name, isRetryable and a marker that survives package copies", () => {
    const e = new BusError("x", { isRetryable: true, context: { subject: "s" } });
    expect(e.name).toBe("BusError");
    expect(e.isRetryable).toBe(true);
    expect(BusError.is(e)).toBe(true);
    expect(BusError.is(new Error("x"))).toBe(false);
    expect(BusError.is({ [Symbol.for("flotilla.bus.error")]: true })).toBe(true);
  });
});
