import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TaskProgress } from "@flotilla/contracts";
import { startFleet, type Fleet } from "../support/fleet.ts";
import { runTask } from "../support/submit.ts";
import { streamCount } from "../support/assertions.ts";

let fleet: Fleet;
// Development is slowed (200 ms per model call) so it can be killed in the middle of its vote.
beforeAll(async () => {
  fleet = await startFleet({ teams: ["leadership", "qa", "documentation", "devops"] });
  await fleet.startTeam("development", "development", { SIMULATED_LATENCY_MS: "200" });
}, 180_000);
afterAll(async () => fleet?.stop());

describe("a team process killed with SIGKILL mid-task", () => {
  it("is restarted and the task completes with no duplicate artifacts, ballots or ratings", async () => {
    let killed = false;
    const sub = fleet.bus.watch("system.task.progress", (_s, m) => {
      const p = m as TaskProgress;
      if (!killed && p.team === "development" && p.phase === "voting") {
        killed = true;
        void fleet
          .kill("development", "SIGKILL")
          .then(() => fleet.startTeam("development", "development", { SIMULATED_LATENCY_MS: "200" }));
      }
    });
    const o = await runTask(fleet, "Add a pad helper", 120_000);
    sub.stop();
    expect(killed).toBe(true);
    expect(o.status).toBe("completed");

    expect(await streamCount(fleet, "DEVELOPMENT", "development.code.ready")).toBe(1);
    expect(await streamCount(fleet, "QA", "qa.test.requested.medium")).toBe(1);
    const code = (await fleet.bus.objects.list("code_artifacts")).filter((x) => x.name.startsWith(o.task_id));
    expect(code).toHaveLength(1);
    const dev = o.teams.find((t) => t.team === "development")!;
    expect(await fleet.knowledge.count("team_votes", { task_id: o.task_id, team: "development" })).toBe(
      dev.vote.ballots,
    );
    expect(dev.vote.ballots).toBe(4);
    // Development rated the plan once per agent, even though it started the step twice.
    expect(await fleet.knowledge.count("cross_team_ratings", { task_id: o.task_id, from_team: "development" })).toBe(4);
  });
});
