import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, isAlive, waitUntil } from "@flotilla/infra";
import { ROOT } from "../support/fleet.ts";

const run = promisify(execFile);
// FLOTILLA_HOME keeps the servers, pid files and logs out of the developer's .flotilla.
const dir = mkdtempSync(join(tmpdir(), "flotilla-instances-"));
const home = join(dir, "home");
let env: Record<string, string> = {};
const cli = (args: string[]) =>
  run(process.execPath, ["--import", "tsx", join(ROOT, "packages/cli/src/main.ts"), ...args], {
    cwd: ROOT,
    env: { ...process.env, FLOTILLA_HOME: home, LOG_FILE: join(dir, "cli.log"), ...env },
    timeout: 240_000,
  });
afterAll(async () => {
  // Whatever a failed assertion left running.
  if (existsSync(join(home, "run"))) await cli(["down"]).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe("up --instances", () => {
  it("refuses a bad count before starting anything, naming the flag", async () => {
    env = { NATS_URL: `nats://127.0.0.1:${await freePort()}`, QDRANT_URL: `http://127.0.0.1:${await freePort()}` };
    await expect(cli(["up", "--instances", "development=0"])).rejects.toMatchObject({
      stderr: expect.stringMatching(/--instances="development=0": development needs a whole number of instances/),
    });
    expect(existsSync(join(home, "run")) ? readdirSync(join(home, "run")) : []).toEqual([]);
  });

  it("starts two development instances that both report healthy; status lists both; down stops both", async () => {
    env = {
      NATS_URL: `nats://127.0.0.1:${await freePort()}`,
      QDRANT_URL: `http://127.0.0.1:${await freePort()}`,
      FLOTILLA_DASHBOARD_PORT: String(await freePort()),
      FLOTILLA_PROVIDER: "simulated",
      // Reports stay recent for 3 intervals: long enough for `status` to see the stopped instance's.
      TEAM_HEALTH_INTERVAL_MS: "5000",
      // Only development: the two instances are what this is about, and fewer processes start faster.
      MCP_LEADERSHIP_ENABLED: "false",
      MCP_QA_ENABLED: "false",
      MCP_DOCUMENTATION_ENABLED: "false",
      MCP_DEVOPS_ENABLED: "false",
    };
    const up = await cli(["up", "--instances", "development=2"]);
    const started = [
      ...up.stdout.matchAll(/^(development(?:-2)?): healthy after [\d.]+ s \(pid (\d+), instance (\S+)\)/gm),
    ];
    expect(started.map((m) => m[1]).sort(), up.stdout).toEqual(["development", "development-2"]);
    const [pids, ids] = [started.map((m) => Number(m[2])), started.map((m) => m[3]!)];
    expect(new Set(ids).size).toBe(2);
    expect(up.stdout).toMatch(/^1 team \(2 instances\) healthy in \d+\.\d s$/m);
    for (const pid of pids) expect(isAlive(pid)).toBe(true);

    const status = await cli(["status"]);
    for (const [i, name] of ["development", "development-2"].entries()) {
      expect(status.stdout).toMatch(new RegExp(`^${name} +pid ${pids[i]} +running, instance ${ids[i]}$`, "m"));
      expect(status.stdout).toMatch(new RegExp(`^${name} +health: healthy \\(\\d+s ago\\), instance ${ids[i]},`, "m"));
    }

    // One instance stops: its last health report is still recent, but it said it stopped.
    process.kill(pids[1]!, "SIGTERM");
    await waitUntil(async () => !isAlive(pids[1]!), "development-2 to exit", 20_000);
    const after = await cli(["status"]);
    expect(after.stdout).toMatch(new RegExp(`^development-2 +pid ${pids[1]} +not running \\(stale pid file\\)`, "m"));
    expect(after.stdout).toMatch(
      new RegExp(`^development-2 +health: stopped \\(\\d+s ago\\), instance ${ids[1]},`, "m"),
    );
    expect(after.stdout).toMatch(new RegExp(`^development +health: healthy \\(\\d+s ago\\), instance ${ids[0]},`, "m"));

    const down = await cli(["down"]);
    expect(down.stdout).toMatch(/^stopped development \(pid \d+\)$/m);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
  });
});
