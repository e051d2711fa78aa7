import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { logFields } from "@flotilla/log";
import {
  currentTraceId,
  formatTraceparent,
  inMessageContext,
  parseTraceparent,
  randomSpanId,
  traceparentFor,
  w3cTraceId,
} from "../src/index.ts";

describe("w3cTraceId", () => {
  it("is a UUID without its dashes, lower case", () => {
    expect(w3cTraceId("0AF7651B-16CD-43DD-8448-EB211C80319C")).toBe("0af7651b16cd43dd8448eb211c80319c");
  });

  it("keeps a W3C trace id as it is, so a traceparent's trace id round-trips", () => {
    expect(w3cTraceId("4bf92f3577b34da6a3ce929d0e0e4736")).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
  });

  it("hashes any other string (the same every time); the all-zero id is invalid, so it is hashed too", () => {
    const a = w3cTraceId("my-trace-42");
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(w3cTraceId("my-trace-42")).toBe(a);
    expect(w3cTraceId("my-trace-43")).not.toBe(a);
    expect(a).toBe(createHash("sha256").update("my-trace-42").digest("hex").slice(0, 32));
    expect(w3cTraceId("0".repeat(32))).not.toBe("0".repeat(32));
    expect(w3cTraceId("0".repeat(32))).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe("traceparent", () => {
  const header = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  it("formats and parses version 00", () => {
    const parsed = parseTraceparent(header);
    expect(parsed).toEqual({ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7", sampled: true });
    expect(formatTraceparent(parsed!)).toBe(header);
    expect(parseTraceparent(header.replace(/-01$/, "-00"))?.sampled).toBe(false);
    expect(parseTraceparent(` ${header.toUpperCase()} `)?.traceId).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
  });

  it("ignores invalid headers, as the spec says", () => {
    for (const bad of [
      undefined,
      "",
      "garbage",
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", // no flags
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // zero trace id
      "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // zero span id
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // version ff
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", // version 00 has four fields
    ])
      expect(parseTraceparent(bad), String(bad)).toBeUndefined();
  });

  it("accepts a later version's extra fields", () => {
    expect(parseTraceparent(`01-${header.slice(3)}-more`)?.spanId).toBe("00f067aa0ba902b7");
  });

  it("is made for a Flotilla trace id with its W3C trace id and a fresh span id outside any span", () => {
    const id = "0af7651b-16cd-43dd-8448-eb211c80319c";
    const made = parseTraceparent(traceparentFor(id));
    expect(made?.traceId).toBe(w3cTraceId(id));
    expect(made?.sampled).toBe(true);
    expect(made?.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(randomSpanId()).not.toBe(randomSpanId());
  });
});

describe("inMessageContext without the SDK", () => {
  it("puts the trace and task on the log fields of everything inside, awaits included, and only there", async () => {
    const seen = await inMessageContext({ traceId: "trace-1", taskId: "task-1" }, { name: "process x" }, async () => {
      await new Promise((r) => setTimeout(r, 5));
      return { ...logFields(), current: currentTraceId() };
    });
    expect(seen).toEqual({ trace_id: "trace-1", task_id: "task-1", current: "trace-1" });
    expect(currentTraceId()).toBeUndefined();
  });

  it("rethrows what the handler throws", async () => {
    await expect(
      inMessageContext({ traceId: "t" }, { name: "process x" }, async () => Promise.reject(new Error("no"))),
    ).rejects.toThrow("no");
  });
});
