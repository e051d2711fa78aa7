import { describe, expect, it } from "vitest";
import { DLQ_EXCERPT_MAX, DLQ_INLINE_MAX, DlqEntry, ITEMS, MAX } from "@flotilla/contracts";
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

  it("keeps a body up to DLQ_INLINE_MAX bytes inline; a larger one is returned to store, with an excerpt", () => {
    const small = dlqEntry({ ...input, raw: "x".repeat(DLQ_INLINE_MAX) });
    expect(small.body).toBeUndefined();
    expect(small.entry.dlq_metadata.original_message).toHaveLength(DLQ_INLINE_MAX);
    expect(small.entry.dlq_metadata.original_message_ref).toBeUndefined();
    // Bytes, not characters, decide: 30,000 three-byte characters are 90,000 bytes.
    const raw = "€".repeat(30_000);
    const large = dlqEntry({ ...input, raw });
    const ref = { object_store: "dlq_payloads", key: `qa/${large.entry.message_id}` };
    expect(large.body).toEqual({ ref, data: raw });
    expect(large.entry.dlq_metadata).toMatchObject({
      original_message_ref: ref,
      original_message: "€".repeat(DLQ_EXCERPT_MAX),
    });
    expect(DlqEntry.safeParse(large.entry).success).toBe(true);
  });

  it("cuts every field to its limit, so the entry always validates: oversized ids and headers are not copied", () => {
    const raw = JSON.stringify({
      correlation_id: "c".repeat(5_000),
      trace_id: "t".repeat(5_000),
      task_id: "k".repeat(500),
    });
    const headers = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`H-${i}`, "v".repeat(5_000)]));
    const { entry } = dlqEntry({ ...input, raw, headers, failureReason: "why ".repeat(5_000) });
    expect(DlqEntry.safeParse(entry).success).toBe(true);
    expect(entry.correlation_id).toBe(entry.message_id);
    expect(entry.trace_id).toBe(entry.message_id);
    expect(entry.dlq_metadata.task_id).toBeUndefined();
    expect(Object.keys(entry.dlq_metadata.original_headers)).toHaveLength(ITEMS.few);
    expect(entry.dlq_metadata.failure_reason).toHaveLength(MAX.text);
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
