import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFleet, type Fleet } from "../support/fleet.ts";
import { runTask } from "../support/submit.ts";
import { checkoutFingerprint } from "@flotilla/repo/testing";

const repos = mkdtempSync(join(tmpdir(), "flotilla-repos-"));
let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({
    teams: ["leadership", "development", "qa", "documentation"],
    env: { FLOTILLA_REPOS: repos, FLOTILLA_TEST_COMMAND: "node --test" },
  });
}, 180_000);
afterAll(async () => {
  await fleet?.stop();
  rmSync(repos, { recursive: true, force: true });
});

/** A user's repository whose tests come from FLOTILLA_TEST_COMMAND (its package.json names none). */
function userRepo(name: string): string {
  const repo = join(repos, name);
  mkdirSync(repo);
  writeFileSync(join(repo, "package.json"), '{ "name": "app", "type": "module" }\n');
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=Dev", "-c", "user.email=dev@example.com", ...args], { cwd: repo });
  git("init", "--quiet", "--initial-branch=main");
  git("add", "--all");
  git("commit", "--quiet", "-m", "start");
  return repo;
}

describe("a task that cannot finish is not lost", () => {
  it("rolls back when the health check fails on the committed tree: no branch, the output in the reason", async () => {
    // Devops' health check sees the tests fail (its test command exits 3 after them); QA's passed.
    await fleet.startTeam("devops", "devops", { FLOTILLA_TEST_COMMAND: "sh -c 'node --test; exit 3'" });
    const repo = userRepo("app");
    const before = await checkoutFingerprint(repo);
    const o = await runTask(fleet, "Add a wrap helper", 120_000, { path: repo });
    expect(o.status).toBe("failed");
    expect(o.status === "failed" && o.reason).toMatch(
      /devops could not apply the result: the health check failed on the committed tree .*branch flotilla\/\S+ removed/,
    );
    expect(o.status === "failed" && o.failed_step).toBe("deploy");
    expect(o.packets.find((p) => p.id === "qa-1")?.runs[0]).toMatchObject({ verdict: "pass" });
    expect(o.packets.find((p) => p.id === "devops-1")?.runs[0]).toMatchObject({ kind: "health", verdict: "fail" });
    expect(o.repository).toMatchObject({ delivered: false, branch: `flotilla/${o.task_id}` });
    const branches = execFileSync("git", ["branch", "--list", "flotilla/*"], { cwd: repo, encoding: "utf8" });
    expect(branches.trim()).toBe("");
    expect(await checkoutFingerprint(repo)).toBe(before);
    await fleet.kill("devops");
  });

  it("refuses a repository outside FLOTILLA_REPOS before anything is planned", async () => {
    const outside = mkdtempSync(join(tmpdir(), "flotilla-outside-"));
    try {
      const o = await runTask(fleet, "Add a trim helper", 60_000, { path: outside });
      expect(o.status).toBe("failed");
      expect(o.status === "failed" && o.reason).toMatch(
        /the task's repository cannot be used: repository .* is not under the folders Flotilla may touch: FLOTILLA_REPOS is/,
      );
      expect(o.packets).toEqual([]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
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
    // Each failure was reported on team.development.error; the dead letter needs a person.
    const error = await fleet.bus.lastMessage<{ task_id?: string; error: { type: string; retry_possible: boolean } }>(
      "team.development.error",
    );
    expect(error).toMatchObject({ task_id: o.task_id, error: { type: "permanent", retry_possible: false } });
    const escalation = await fleet.bus.lastMessage<{ task_id?: string; team: string; reason: string }>(
      "escalation.human.required",
    );
    expect(escalation).toMatchObject({ task_id: o.task_id, team: "development" });
    expect(escalation?.reason).toMatch(/sits in the DLQ .*dlq replay/);
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
