import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { canConnect, freePort } from "@flotilla/infra";
import { ROOT, startFleet } from "../support/fleet.ts";

const run = promisify(execFile);
const cli = (args: string[], env: Record<string, string>) =>
  run(process.execPath, ["--import", "tsx", join(ROOT, "packages/cli/src/main.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    timeout: 240_000,
  });

describe("the flotilla CLI", () => {
  const demo =
    "demo starts NATS and Qdrant on exactly the configured addresses, runs a task through the leadership MCP tool, and stops them";
  it(demo, async () => {
    const [natsPort, qdrantPort] = [await freePort(), await freePort()];
    const { stdout, stderr } = await cli(["demo"], {
      NATS_URL: `nats://127.0.0.1:${natsPort}`,
      QDRANT_URL: `http://127.0.0.1:${qdrantPort}`,
    });
    expect(stderr).toMatch(new RegExp(`starting nats-server on 127.0.0.1:${natsPort}`));
    expect(stderr).toMatch(new RegExp(`starting qdrant on 127.0.0.1:${qdrantPort}`));
    expect(stdout).toMatch(/submitting through the leadership MCP tool submit_task/);
    expect(stdout).toMatch(/\[SIMULATION/);
    expect(stdout).toMatch(/Task [0-9a-f-]{36}: COMPLETED/);
    for (const team of ["leadership", "development", "qa", "documentation", "devops"])
      expect(stdout).toMatch(new RegExp(`^  ${team} +\\w+( [\\w-]+)? +vote accepted`, "m"));
    // Every packet of the plan is listed with its step and id.
    for (const packet of ["implement development-1", "test qa-1", "document documentation-1", "deploy devops-1"])
      expect(stdout).toContain(packet);
    expect(stdout).toMatch(/code_artifacts\/.+\/implement\/r1\/code\.json/);
    // The sample task ran for real in the sandbox and ended as one commit on its scratch repository's branch.
    expect(stdout).toMatch(/^ +development-1 +validation PASS: \d+\/\d+ passed \(.*tests/m);
    expect(stdout).toMatch(/^ +qa-1 +tests +PASS: 2\/2 passed \(node --test/m);
    expect(stdout).toMatch(/^ +devops-1 +health +PASS: 2\/2 passed/m);
    const branch = /branch: (flotilla\/[0-9a-f-]{36}) at ([0-9a-f]{12}) in scratch repository (\S+)/.exec(stdout);
    expect(branch, stdout).not.toBeNull();
    const [, name, sha, scratch] = branch!;
    const log = await run("git", ["log", "--format=%h %s", name!], { cwd: scratch });
    expect(log.stdout).toMatch(new RegExp(`^${sha!.slice(0, 7)}\\w* Add a slugify`));
    const tree = await run("git", ["ls-tree", "-r", "--name-only", name!], { cwd: scratch });
    expect(tree.stdout.split("\n")).toEqual(expect.arrayContaining(["src/slugify.mjs", "test/slugify.qa.test.mjs"]));
    expect(stdout).toMatch(/verified: QA's tests and the health check ran in the sandbox/);
    expect(await canConnect("127.0.0.1", natsPort)).toBe(false);
    expect(await canConnect("127.0.0.1", qdrantPort)).toBe(false);
  });

  it("submit --wait --repo changes the named repository, and show --diff prints the change on its branch", async () => {
    const repos = mkdtempSync(join(tmpdir(), "flotilla-repos-"));
    const fleet = await startFleet({ env: { FLOTILLA_REPOS: repos } });
    try {
      const repo = join(repos, "app");
      mkdirSync(repo);
      writeFileSync(join(repo, "README.md"), "# app\n");
      for (const args of [
        ["init", "-q", "-b", "main"],
        ["add", "."],
        ["commit", "-qm", "start"],
      ])
        await run("git", ["-c", "user.name=Dev", "-c", "user.email=dev@example.com", ...args], { cwd: repo });
      const { stdout } = await cli(["submit", "Add a capitalize helper", "--wait", "--repo", repo], fleet.env);
      expect(stdout).toMatch(/task [0-9a-f-]{36} submitted/);
      expect(stdout).toMatch(/qa +test +voting/);
      expect(stdout).toMatch(/COMPLETED/);
      const id = /task ([0-9a-f-]{36}) submitted/.exec(stdout)![1]!;
      expect(stdout).toContain(`branch: flotilla/${id} at `);
      const shown = await cli(["show", id], fleet.env);
      expect(shown.stdout).toMatch(/COMPLETED/);
      const diff = await cli(["show", id, "--diff"], fleet.env);
      expect(diff.stdout).toMatch(/^\+\+\+ b\/src\/add-capitalize-helper\.mjs$/m);
      expect(diff.stdout).toMatch(/^\+export function addCapitalizeHelper\(text\) \{$/m);
      await expect(cli(["show", "00000000-0000-4000-8000-000000000000"], fleet.env)).rejects.toMatchObject({
        stderr: expect.stringMatching(/no outcome for task/),
      });
    } finally {
      await fleet.stop();
      rmSync(repos, { recursive: true, force: true });
    }
  });

  it("stops with a message naming an invalid variable", async () => {
    await expect(cli(["submit", "x"], { TEAM_VOTING_MIN_CONSENSUS: "two" })).rejects.toMatchObject({
      stderr: expect.stringMatching(/TEAM_VOTING_MIN_CONSENSUS/),
    });
  });
});
