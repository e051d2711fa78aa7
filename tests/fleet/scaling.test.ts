import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CodeReady } from "@flotilla/contracts";
import { startFleet, type Fleet } from "../support/fleet.ts";
import { runTask } from "../support/submit.ts";
import { streamCount } from "../support/assertions.ts";

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ teams: ["leadership", "qa", "documentation", "devops"] });
  // One task at a time each, and slow enough (each model call 400 ms) that an instance is still
  // busy when the next request comes, however far apart a loaded machine plans the four tasks:
  // the other instance must take it. (At 100 ms a step could end before the next request, and
  // one instance then took all four.)
  const slow = { SIMULATED_LATENCY_MS: "400", TEAM_CONCURRENCY: "1" };
  await fleet.startTeam("development", "development-a", slow);
  await fleet.startTeam("development", "development-b", slow);
}, 180_000);
afterAll(async () => fleet?.stop());

describe("two instances of one team", () => {
  it("share its durable consumer: both take tasks, none is done twice", async () => {
    const producers = new Map<string, string>();
    const sub = fleet.bus.watch("development.code.ready", (_s, m) => {
      const c = m as CodeReady;
      producers.set(c.task_id, c.sender.instance_id);
    });
    const outcomes = await Promise.all([1, 2, 3, 4].map((i) => runTask(fleet, `Add helper number ${i}`, 120_000)));
    sub.stop();
    expect(outcomes.every((o) => o.status === "completed")).toBe(true);
    const instances = new Set(producers.values());
    expect(instances.size).toBe(2);
    expect(await streamCount(fleet, "DEVELOPMENT", "development.code.ready")).toBe(4);
    expect(await streamCount(fleet, "DEVELOPMENT", "development.task.assigned.medium")).toBe(4);
  });
});
