import { execFile } from "node:child_process";
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
    expect(await canConnect("127.0.0.1", natsPort)).toBe(false);
    expect(await canConnect("127.0.0.1", qdrantPort)).toBe(false);
  });

  it("submit --wait follows a task on a running fleet and prints its outcome", async () => {
    const fleet = await startFleet();
    try {
      const { stdout } = await cli(["submit", "Add a capitalize helper", "--wait"], fleet.env);
      expect(stdout).toMatch(/task [0-9a-f-]{36} submitted/);
      expect(stdout).toMatch(/qa +test +voting/);
      expect(stdout).toMatch(/COMPLETED/);
    } finally {
      await fleet.stop();
    }
  });

  it("stops with a message naming an invalid variable", async () => {
    await expect(cli(["submit", "x"], { TEAM_VOTING_MIN_CONSENSUS: "two" })).rejects.toMatchObject({
      stderr: expect.stringMatching(/TEAM_VOTING_MIN_CONSENSUS/),
    });
  });
});
