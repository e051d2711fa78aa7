import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TaskProgress } from "@flotilla/contracts";
import { startFleet, type Fleet } from "../support/fleet.ts";
import { runTask } from "../support/submit.ts";
import { streamCount } from "../support/assertions.ts";

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet();
}, 180_000);
afterAll(async () => fleet?.stop());

describe("leadership killed with SIGKILL while packets are in flight", () => {
  it("resumes the task from its state: finished packets are not redone, nothing is duplicated", async () => {
    let killed = false;
    const sub = fleet.bus.watch("system.task.progress", (_s, m) => {
      const p = m as TaskProgress;
      // dev-a and dev-b both running at development (dev-b is slow): leadership dies now.
      if (!killed && p.team === "development" && p.packet_id === "dev-b" && p.phase === "drafting") {
        killed = true;
        void fleet.kill("leadership", "SIGKILL").then(() => fleet.startTeam("leadership"));
      }
    });
    const o = await runTask(fleet, "Add a two-part tokenizer [sim:leadership:plan=graph4] [sim:slow=dev-b]", 150_000);
    sub.stop();
    expect(killed).toBe(true);
    expect(o.status).toBe("completed");
    expect(o.packets.every((p) => p.status === "done" && p.rounds === 1)).toBe(true);

    // Each packet's request and result went out exactly once (JetStream de-duplicates re-publishes).
    expect(await streamCount(fleet, "DEVELOPMENT", "development.task.assigned.medium")).toBe(3);
    expect(await streamCount(fleet, "DEVELOPMENT", "development.code.ready")).toBe(3);
    expect(await streamCount(fleet, "QA", "qa.test.requested.medium")).toBe(3);
    expect(await streamCount(fleet, "DOCUMENTATION", "documentation.request.medium")).toBe(1);
    expect(await streamCount(fleet, "DEVOPS", "devops.deploy.requested.medium")).toBe(1);
    expect(await streamCount(fleet, "LEADERSHIP", "leadership.signoff.requested.medium")).toBe(1);
    expect(await streamCount(fleet, "SYSTEM", "system.task.completed")).toBe(1);

    // No duplicate artifacts or ballots.
    const code = (await fleet.bus.objects.list("code_artifacts")).filter((x) => x.name.startsWith(o.task_id));
    expect(code).toHaveLength(3);
    const devBallots = o.packets
      .filter((p) => p.team === "development")
      .reduce((n, p) => n + (p.vote?.ballots ?? 0), 0);
    expect(await fleet.knowledge.count("team_votes", { task_id: o.task_id, team: "development" })).toBe(devBallots);
    const leadBallots = o.teams.filter((t) => t.team === "leadership").reduce((n, t) => n + t.vote.ballots, 0);
    expect(await fleet.knowledge.count("team_votes", { task_id: o.task_id, team: "leadership" })).toBe(leadBallots);
  });
});
