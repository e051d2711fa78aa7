import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createKnowledgeStore, type KnowledgeMeter, type KnowledgeStore } from "@flotilla/knowledge";
import { createLogger } from "@flotilla/log";
import { stepWrites } from "../src/step-writes.ts";
import { recordFailure } from "../src/lessons/index.ts";

const logger = createLogger({ name: "step-writes-test", level: "silent" });
const requests: Array<[string, string, number | undefined]> = [];
const meter: KnowledgeMeter = (op, collection, points) => void requests.push([op, collection, points]);
let knowledge: KnowledgeStore;

beforeAll(async () => {
  knowledge = createKnowledgeStore({ url: inject("qdrantUrl"), logger, meter });
  await knowledge.ensureCollections(["team_votes", "quality_metrics", "failure_analytics"]);
});

const point = (taskId: string, n: number) => ({
  id: randomUUID(),
  text: `point ${n}`,
  payload: { task_id: taskId, n },
});

describe("stepWrites", () => {
  it("writes what a step gathered as one upsert per collection, a point added twice once", async () => {
    const taskId = randomUUID();
    const writes = stepWrites({ knowledge, logger });
    const twice = point(taskId, 1);
    writes.add("team_votes", [twice, point(taskId, 2)]);
    writes.add("quality_metrics", [point(taskId, 3)]);
    writes.add("team_votes", [{ ...twice, text: "point 1, made again" }]);
    await recordFailure(
      { knowledge, logger },
      {
        failure_kind: "agent",
        what: "vote-1",
        team: "qa",
        task_id: taskId,
        step: "test",
        round: 1,
        reason: "no consensus",
      },
      writes,
    );
    requests.length = 0;
    await writes.flush();
    expect(requests.sort()).toEqual([
      ["upsert", "failure_analytics", 1],
      ["upsert", "quality_metrics", 1],
      ["upsert", "team_votes", 2],
    ]);
    const votes = await knowledge.list("team_votes", { task_id: taskId });
    expect(votes.map((v) => v.payload.text).sort()).toEqual(["point 1, made again", "point 2"]);
    requests.length = 0;
    await writes.flush(); // a new, empty batch
    expect(requests).toEqual([]);
  });

  it("drops failure records that cannot be written, and fails the step for anything else", async () => {
    const writes = stepWrites({ knowledge, logger });
    const failing = stepWrites({
      knowledge: { upsert: (collection) => Promise.reject(new Error(`${collection} is down`)) },
      logger,
    });
    failing.add("failure_analytics", [point(randomUUID(), 1)]);
    await expect(failing.flush()).resolves.toBeUndefined();
    failing.add("team_votes", [point(randomUUID(), 2)]);
    await expect(failing.flush()).rejects.toThrow("team_votes is down");
    await expect(writes.flush()).resolves.toBeUndefined();
  });
});
