import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFleet, type Fleet } from "../support/fleet.ts";
import { runTask } from "../support/submit.ts";

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ teams: ["leadership", "development", "qa", "documentation"] });
}, 180_000);
afterAll(async () => fleet?.stop());

describe("a task that cannot finish is not lost", () => {
  it("fails with an actionable reason when devops cannot apply the result", async () => {
    await fleet.startTeam("devops", "devops", { FLOTILLA_WORKSPACE: "/dev/null/workspace" });
    const o = await runTask(fleet, "Add a wrap helper");
    expect(o.status).toBe("failed");
    expect(o.status === "failed" && o.reason).toMatch(/devops could not apply the result: .*\/dev\/null/);
    expect(o.status === "failed" && o.failed_step).toBe("deploy");
    const state = await fleet.bus.getJson<{ status: string; reason: string }>("workflow_state", o.task_id);
    expect(state).toMatchObject({ status: "failed" });
    await fleet.kill("devops");
  });

  it("fails with the team, subject and error when a team's handler keeps failing (message kept on the DLQ)", async () => {
    await fleet.startTeam("devops", "devops-2");
    // Without the ratings collection every rating write fails: development retries, then gives up.
    await fleet.knowledge.deleteCollection("cross_team_ratings");
    const o = await runTask(fleet, "Add a fold helper");
    expect(o.status).toBe("failed");
    expect(o.status === "failed" && o.reason).toMatch(/development could not process development\.task\.assigned after \d+ attempts?: .*cross_team_ratings/);
    const dlq = await fleet.bus.lastMessage<{ dlq_metadata: { reason: string } }>("dlq.development.handler_failed");
    expect(dlq?.dlq_metadata.reason).toBe("handler_failed");
    for (const [name, child] of fleet.procs) if (name !== "devops") expect(child.exitCode, name).toBeNull();
  });

  it("fails the task when its plan cannot be made (the request itself stays on the DLQ)", async () => {
    await fleet.knowledge.deleteCollection("team_votes");
    const o = await runTask(fleet, "Add a scan helper");
    expect(o.status).toBe("failed");
    expect(o.status === "failed" && o.reason).toMatch(/leadership could not process system\.task\.request after \d+ attempts?: .*team_votes/);
    expect(o.status === "failed" && o.failed_step).toBe("plan");
  });
});
