import { describe, expect, it } from "vitest";
import { createLogger } from "@flotilla/log";
import { outageOf, runParked, type ParkContext } from "../src/park.ts";

const named = (name: string, isRetryable = true, cause?: unknown) =>
  Object.assign(new Error(`${name} failed`, { cause }), { name, isRetryable });

function context(overrides: Partial<ParkContext> = {}) {
  const published: Array<{ subject: string; status?: string; reason?: string }> = [];
  const ctx: ParkContext = {
    team: "qa",
    instanceId: "qa-1",
    log: createLogger({ name: "park-test", level: "silent" }),
    publish: (async (subject: string, m: { status?: string; reason?: string }) => {
      published.push({ subject, status: m.status, reason: m.reason });
      return { seq: 1, duplicate: false };
    }) as never,
    stopped: () => false,
    timing: { retries: 2, retryMs: 20, waitMs: 60, escalateAfterMs: 80 },
    ...overrides,
  };
  return { ctx, published };
}

describe("outageOf", () => {
  it("names the dependency a failure says is down, along the cause chain, and nothing else", () => {
    expect(outageOf(named("KnowledgeError"))).toBe("Qdrant");
    expect(outageOf(named("BusError"))).toBe("NATS");
    expect(outageOf(named("BreakerOpenError", false))).toMatch(/circuit open/);
    expect(outageOf(named("StepError", true, named("KnowledgeError")))).toBe("Qdrant");
    expect(outageOf(named("KnowledgeError", false))).toBeUndefined(); // a bad request, not an outage
    expect(outageOf(new Error("a bug"))).toBeUndefined();
  });
});

describe("runParked", () => {
  it("retries a step whose dependency is down until it answers, saying blocked then resumed", async () => {
    const { ctx, published } = context();
    let calls = 0;
    const message = { workflow: { task_id: "8a6e0c1e-1d3f-4c1e-9a7b-0c1d2e3f4a5b" } };
    await runParked(ctx, message, async () => {
      if (++calls < 5) throw named("KnowledgeError");
    });
    expect(calls).toBe(5);
    expect(published.map((p) => `${p.subject}:${p.status ?? ""}`)).toEqual([
      "team.qa.status:blocked",
      "team.qa.blocked:",
      "escalation.human.required:",
      "team.qa.status:resumed",
    ]);
    expect(published[2]?.reason).toMatch(/parked for over an hour: Qdrant is unavailable/);
  });

  it("throws any other failure at once, and gives the message back when the consumer stops", async () => {
    const { ctx } = context();
    let calls = 0;
    await expect(
      runParked(ctx, {}, async () => {
        calls++;
        throw new Error("a bug");
      }),
    ).rejects.toThrow("a bug");
    expect(calls).toBe(1);
    let stop = false;
    const stopping = context({ stopped: () => stop }).ctx;
    const parked = runParked(stopping, {}, async () => {
      stop = true;
      throw named("BusError");
    });
    await expect(parked).rejects.toThrow("BusError failed");
  });
});
