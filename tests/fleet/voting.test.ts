import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFleet, type Fleet } from "../support/fleet.ts";
import { runTask } from "../support/submit.ts";

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet();
}, 180_000);
afterAll(async () => fleet?.stop());

const teamOf = (o: Awaited<ReturnType<typeof runTask>>, step: string) => o.teams.find((t) => t.step === step)!;

describe("team votes (simulated disagreement from the task text)", () => {
  it("fails on attempt 1 and passes on attempt 2 after a revision", async () => {
    const o = await runTask(fleet, "Add a sum helper [sim:development:reject=1]");
    expect(o.status).toBe("completed");
    const dev = teamOf(o, "implement");
    expect(dev.vote).toMatchObject({ outcome: "accepted", attempts: 2, chosen_attempt: 2 });
    const ballots = await fleet.knowledge.list("team_votes", { task_id: o.task_id, team: "development" });
    expect(ballots).toHaveLength(8); // 4 agents x 2 attempts
    const first = ballots.filter((b) => b.payload.attempt === 1);
    expect(first.filter((b) => b.payload.vote === "reject")).toHaveLength(3);
    expect(first.every((b) => b.payload.outcome === "requires_revision")).toBe(true);
    expect(ballots.filter((b) => b.payload.attempt === 2).every((b) => b.payload.vote === "approve")).toBe(true);
  });

  it("never reaches consensus and picks the best-supported candidate after 3 attempts", async () => {
    const o = await runTask(fleet, "Add a max helper [sim:qa:reject=3]");
    expect(o.status).toBe("completed");
    const qa = teamOf(o, "test");
    // The author's confidence is 0.6, 0.9, 0.7 on attempts 1-3: attempt 2 has the most support.
    expect(qa.vote).toMatchObject({ outcome: "no_consensus_best_supported", attempts: 3, chosen_attempt: 2 });
    expect(o.quality_flags.join(" ")).toMatch(/test: no consensus/);
    const ballots = await fleet.knowledge.list("team_votes", { task_id: o.task_id, team: "qa" });
    expect(ballots).toHaveLength(9);
    expect(ballots.filter((b) => b.payload.chosen).map((b) => b.payload.attempt)).toEqual([2, 2, 2]);
  });

  it("sends low-rated work back to its producer for a bounded number of rounds", async () => {
    const o = await runTask(fleet, "Add a min helper [sim:qa:rate-low=1] [sim:qa:bugs=2]");
    expect(o.status).toBe("completed");
    // QA rejected the code in round 1 (rating), then found bugs in round 2; development ran 3 times.
    expect(teamOf(o, "implement").rounds).toBe(3);
    const ratings = await fleet.knowledge.list("cross_team_ratings", { task_id: o.task_id, from_team: "qa" });
    expect(ratings.some((r) => r.payload.approved === false)).toBe(true);
  });

  it("re-plans when development rejects the plan", async () => {
    const o = await runTask(fleet, "Add a zip helper [sim:development:rate-low=1]");
    expect(o.status).toBe("completed");
    expect(teamOf(o, "plan").rounds).toBe(2);
    expect(await fleet.knowledge.count("cross_team_tasks", { task_id: o.task_id })).toBe(1);
  });
});
