import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TaskProgress } from "@flotilla/contracts";
import { submitTask } from "@flotilla/cli";
import { startFleet, type Fleet } from "../support/fleet.ts";

let fleet: Fleet;
// Busy teams: one task at a time, 150 ms per model call. QA and the rest are not started: the
// tasks wait for them (durably), which keeps this test to the step under test.
const BUSY = { TEAM_CONCURRENCY: "1", SIMULATED_LATENCY_MS: "150" };
beforeAll(async () => {
  fleet = await startFleet({ teams: [] });
  await fleet.startTeam("leadership", "leadership", BUSY);
  await fleet.startTeam("development", "development", BUSY);
}, 180_000);
afterAll(async () => fleet?.stop());

describe("priority when teams are busy", () => {
  it("a high task submitted behind ten low ones starts its next step before them", async () => {
    const order: string[] = [];
    const sub = fleet.bus.watch("system.task.progress", (_s, m) => {
      const p = m as TaskProgress;
      if (p.team === "development" && p.phase === "received") order.push(p.task_id);
    });
    const ids: string[] = [];
    const submit = (priority: "high" | "low") =>
      submitTask(fleet.bus, `Add helper number ${ids.length}`, {
        priority,
        timeoutMs: 0,
        onSubmitted: (id) => ids.push(id),
      });
    for (let i = 0; i < 10; i++) await submit("low");
    await submit("high");
    const high = ids[10]!;
    await waitFor(() => order.includes(high), 90_000);
    sub.stop();
    // At most the low tasks already taken by each busy step (plan, then development) went first.
    expect(order.indexOf(high)).toBeLessThanOrEqual(2);
  });
});

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}
