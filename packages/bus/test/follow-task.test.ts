import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envelope, type MessageInput } from "@flotilla/contracts";
import { followTask, type Bus } from "../src/index.ts";
import { busFactory, natsFixture, taskRequest } from "./helpers.ts";

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

const sender = { team: "leadership", agent: "test", instance_id: "t" } as const;

function progress(taskId: string, detail: string): MessageInput<"system.task.progress"> {
  return {
    ...envelope({ sender }),
    task_id: taskId,
    team: "qa",
    step: "test",
    phase: "drafting",
    detail,
    progress: 0.5,
  };
}

function failed(taskId: string): MessageInput<"system.task.failed"> {
  return {
    ...envelope({ sender }),
    task_id: taskId,
    description: "d",
    artifacts: [],
    teams: [],
    simulated: true,
    duration_ms: 1,
    status: "failed",
    reason: "no quorum",
  };
}

describe("followTask", () => {
  it("sees progress and the outcome of its own task only, even when they come right after it resolves", async () => {
    const taskId = randomUUID();
    const seen: string[] = [];
    const follower = await followTask(bus, taskId, { onProgress: (p) => seen.push(p.detail) });
    // Published at once, with no wait: the subscription must already be on the server.
    await bus.publish("system.task.progress", progress(randomUUID(), "someone else's"));
    await bus.publish("system.task.progress", progress(taskId, "drafting tests"));
    await bus.publish("system.task.failed", failed(taskId));
    const outcome = await follower.done;
    expect(outcome).toMatchObject({ task_id: taskId, status: "failed", reason: "no quorum" });
    expect(seen).toEqual(["drafting tests"]);
  });

  it("resolves undefined when the time is up or when stopped, and the task request still goes through", async () => {
    const slow = await followTask(bus, randomUUID(), { timeoutMs: 50 });
    expect(await slow.done).toBeUndefined();
    const stopped = await followTask(bus, randomUUID());
    stopped.stop();
    expect(await stopped.done).toBeUndefined();
    await expect(bus.publish("system.task.request", taskRequest())).resolves.toBeDefined();
  });
});
