import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { FailureRecord } from "@flotilla/contracts";
import { FlotillaError } from "@flotilla/errors";
import { createKnowledgeStore, KnowledgeError, type KnowledgeStore } from "@flotilla/knowledge";
import { createLogger } from "@flotilla/log";
import { failureKindOf, recordFailure } from "../src/lessons/index.ts";

const logger = createLogger({ name: "failure-records-test", level: "silent" });
let knowledge: KnowledgeStore;

beforeAll(async () => {
  knowledge = createKnowledgeStore({ url: inject("qdrantUrl"), logger });
  await knowledge.ensureCollections(["failure_analytics"]);
});

describe("recordFailure", () => {
  it("writes a record the schema reads back, once per failure however often it is recorded", async () => {
    const taskId = randomUUID();
    const failure = {
      failure_kind: "agent" as const,
      what: "vote",
      team: "qa" as const,
      agent: "test_writer",
      task_id: taskId,
      step: "test" as const,
      round: 2,
      task_type: "bugfix/python",
      reason: `no consensus after 3 attempts ${"…".repeat(5_000)}`,
    };
    await recordFailure({ knowledge, logger }, failure);
    await recordFailure({ knowledge, logger }, failure); // a re-delivered step
    const points = await knowledge.list("failure_analytics", { task_id: taskId });
    expect(points).toHaveLength(1);
    const record = FailureRecord.parse(points[0]!.payload);
    expect(record).toMatchObject({ kind: "failure", failure_kind: "agent", what: "vote", team: "qa", round: 2 });
    expect(record.reason.length).toBeLessThanOrEqual(4_000);
  });

  it("logs and swallows a failing write: analytics never fail work", async () => {
    const warned: unknown[] = [];
    const down: Pick<KnowledgeStore, "upsert"> = {
      upsert: () => Promise.reject(new KnowledgeError("Qdrant down", { operation: "upsert", isRetryable: true })),
    };
    await expect(
      recordFailure(
        { knowledge: down, logger: { warn: (fields: unknown) => warned.push(fields) } },
        { failure_kind: "transient", what: "model_call", team: "development", reason: "timeout" },
      ),
    ).resolves.toBeUndefined();
    expect(warned).toEqual([expect.objectContaining({ err: "Qdrant down", what: "model_call" })]);
  });
});

describe("failureKindOf", () => {
  it("names a dependency outage, a retryable failure and a permanent one", () => {
    const outage = new KnowledgeError("Qdrant unreachable", { operation: "search", isRetryable: true });
    expect(failureKindOf(outage)).toBe("dependency");
    expect(failureKindOf(new Error("step failed", { cause: outage }))).toBe("dependency");
    expect(failureKindOf(Object.assign(new Error("open"), { name: "BreakerOpenError", isRetryable: false }))).toBe(
      "dependency",
    );
    expect(failureKindOf(new FlotillaError("rate limited", { isRetryable: true }))).toBe("transient");
    expect(failureKindOf(new FlotillaError("no API key", { isRetryable: false }))).toBe("permanent");
    expect(failureKindOf(new KnowledgeError("bad filter", { operation: "search", isRetryable: false }))).toBe(
      "permanent",
    );
  });
});
