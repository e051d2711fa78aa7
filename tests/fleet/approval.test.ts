import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitUntil } from "@flotilla/infra";
import { submitTask } from "@flotilla/cli";
import { TEAMS, type TaskCompleted, type TaskFailed } from "@flotilla/contracts";
import { followTask } from "@flotilla/bus";
import { startFleet, ROOT, type Fleet } from "../support/fleet.ts";

const run = promisify(execFile);
let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ env: { FLOTILLA_APPROVAL: "plan,deploy" } });
}, 180_000);
afterAll(async () => fleet?.stop());

const cli = (...args: string[]) =>
  run(process.execPath, ["--import", "tsx", join(ROOT, "packages/cli/src/main.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...fleet.env },
    timeout: 120_000,
  });

/** Submits without waiting; the task's id. */
async function submit(text: string): Promise<string> {
  let id = "";
  await submitTask(fleet.bus, text, { timeoutMs: 0, onSubmitted: (taskId) => (id = taskId) });
  return id;
}

interface Gates {
  status: string;
  approvals: Array<{ id: string; status: string; by?: string; comment?: string }>;
}
const pendingGate = (taskId: string, gate: string) =>
  waitUntil(
    async () => {
      const s = await fleet.bus.getJson<Gates>("workflow_state", taskId);
      return s?.approvals.some((a) => a.id === gate && a.status === "pending") ?? false;
    },
    `task ${taskId} to wait at ${gate}`,
    60_000,
  );

describe("a person in the loop (FLOTILLA_APPROVAL=plan,deploy)", () => {
  it("waits at each gate through a SIGKILL of every team and a NATS restart, and completes once a person approves both", async () => {
    const taskId = await submit("Add a capitalize helper");
    await pendingGate(taskId, "plan-r1");
    // Nothing was planned: the gate holds the plan request back.
    expect(await fleet.bus.getJson<{ plan?: unknown }>("workflow_state", taskId)).not.toHaveProperty("plan");

    for (const team of TEAMS) await fleet.kill(team, "SIGKILL");
    await fleet.restartNats();
    for (const team of TEAMS) await fleet.startTeam(team);
    const listed = await cli("approvals");
    expect(listed.stdout).toMatch(new RegExp(`${taskId} +plan-r1 +plan`));

    const follower = await followTask(fleet.bus, taskId, { timeoutMs: 120_000 });
    const mcp = await fleet.mcpClient();
    const approved = await mcp.callTool({ name: "approve", arguments: { task_id: taskId, by: "alice" } });
    expect(approved.isError).toBeFalsy();
    await pendingGate(taskId, "devops-1-r1");
    const decided = await cli("approve", taskId, "--by", "bob", "--comment", "ship it");
    expect(decided.stdout).toMatch(/approved devops-1-r1 \(deploy\)/);

    const outcome = (await follower.done) as TaskCompleted | TaskFailed | undefined;
    follower.stop();
    expect(outcome?.status).toBe("completed");
    expect(outcome?.approvals).toEqual([
      expect.objectContaining({ id: "plan-r1", step: "plan", status: "approved", by: "alice" }),
      expect.objectContaining({ id: "devops-1-r1", step: "deploy", status: "approved", by: "bob", comment: "ship it" }),
    ]);
  }, 240_000);

  it("fails the task with the comment when a person rejects it at a gate", async () => {
    const taskId = await submit("Add a reverse helper");
    await pendingGate(taskId, "plan-r1");
    const follower = await followTask(fleet.bus, taskId, { timeoutMs: 60_000 });
    await expect(cli("reject", taskId)).rejects.toMatchObject({ stderr: expect.stringMatching(/--comment/) });
    await cli("reject", taskId, "--by", "carol", "--comment", "out of scope this sprint");
    const outcome = (await follower.done) as TaskFailed | undefined;
    follower.stop();
    expect(outcome?.status).toBe("failed");
    expect(outcome?.reason).toBe("carol rejected plan-r1 at the plan gate: out of scope this sprint");
    expect(outcome?.approvals).toEqual([
      expect.objectContaining({ id: "plan-r1", status: "rejected", by: "carol", comment: "out of scope this sprint" }),
    ]);
  }, 120_000);
});
