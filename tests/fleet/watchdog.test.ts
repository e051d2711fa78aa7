import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitUntil } from "@flotilla/infra";
import { busInternals } from "@flotilla/bus/internals";
import { followTask } from "@flotilla/bus";
import { submitTask } from "@flotilla/cli";
import type { TaskResurrected } from "@flotilla/contracts";
import { startFleet, type Fleet } from "../support/fleet.ts";

let fleet: Fleet;
beforeAll(async () => {
  // QA is not running yet, so the task waits at its test packet; the watchdog looks every second.
  fleet = await startFleet({
    teams: ["leadership", "development", "documentation", "devops"],
    env: { TASK_STALL_TIMEOUT_MS: "4000" },
  });
}, 180_000);
afterAll(async () => fleet?.stop());

describe("leadership's watchdog (TASK_STALL_TIMEOUT_MS)", () => {
  it("resumes a task whose request was lost, from its state, and it completes", async () => {
    const resurrections: TaskResurrected[] = [];
    const watch = fleet.bus.watch("recovery.task.resurrected", (_s, m) => resurrections.push(m as TaskResurrected));
    let taskId = "";
    await submitTask(fleet.bus, "Add a chunk helper", { timeoutMs: 0, onSubmitted: (id) => (taskId = id) });
    const follower = await followTask(fleet.bus, taskId, { timeoutMs: 90_000 });
    await waitUntil(
      async () => {
        const s = await fleet.bus.getJson<{ packets: Array<{ id: string; status: string }> }>("workflow_state", taskId);
        return s?.packets.find((p) => p.id === "qa-1")?.status === "running";
      },
      "the task to reach qa-1",
      60_000,
    );
    // The request to QA is lost: nothing in the stream will ever reach a QA instance. (The state
    // says running before the request is published, so purge until it was there.)
    const { jsm } = busInternals(fleet.bus);
    await waitUntil(
      async () => (await jsm.streams.purge("QA", { filter: "qa.test.requested.>" })).purged > 0,
      "the request to QA to be purged",
      30_000,
    );
    await fleet.startTeam("qa");

    const outcome = await follower.done;
    follower.stop();
    watch.stop();
    expect(outcome?.status).toBe("completed");
    const mine = resurrections.filter((r) => r.resurrection_context.original_task_id === taskId);
    expect(mine.length).toBeGreaterThanOrEqual(1);
    expect(mine[0]!.recovery_checkpoint).toMatchObject({ next_step: "test", last_successful_step: "implement" });
    const state = await fleet.bus.getJson<{ resurrections: number }>("workflow_state", taskId);
    expect(state?.resurrections).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
