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
    // The packet fails with the reason, and with it the task (nothing else could go on without it).
    expect(o.status === "failed" && o.reason).toMatch(
      new RegExp(
        /work packets failed — development-1: development could not process /.source +
          /development\.task\.assigned\.medium after \d+ attempts?: .*cross_team_ratings/.source,
      ),
    );
    expect(o.packets.find((p) => p.id === "qa-1")).toMatchObject({
      status: "failed",
      reason: expect.stringMatching(/depends on development-1, which failed/),
    });
    const dlq = await fleet.bus.lastMessage<{ dlq_metadata: { reason: string } }>("dlq.development.handler_failed");
    expect(dlq?.dlq_metadata.reason).toBe("handler_failed");
    for (const [name, child] of fleet.procs) if (name !== "devops") expect(child.exitCode, name).toBeNull();
  });

  it("fails the task when its plan cannot be made (the plan request stays on the DLQ)", async () => {
    await fleet.knowledge.deleteCollection("team_votes");
    const o = await runTask(fleet, "Add a scan helper");
    expect(o.status).toBe("failed");
    expect(o.status === "failed" && o.reason).toMatch(
      /leadership could not process leadership\.plan\.requested\.medium after \d+ attempts?: .*team_votes/,
    );
    expect(o.status === "failed" && o.failed_step).toBe("plan");
  });
});
