import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ROOT, startFleet, type Fleet } from "../support/fleet.ts";
import { CAREFUL, FAST, qualityPoints, TYPE, voteAndRatingPoints } from "../support/quality-records.ts";

const run = promisify(execFile);
let fleet: Fleet;
let client: Client;

beforeAll(async () => {
  fleet = await startFleet({ teams: [] });
  // Leadership's MCP instance creates the collections on start; the records go in after.
  client = await fleet.mcpClient();
  await fleet.knowledge.upsert("quality_metrics", qualityPoints());
  await fleet.knowledge.upsert("team_votes", voteAndRatingPoints().ballots);
}, 180_000);
afterAll(async () => fleet?.stop());

/** The CLI as a person runs it against this fleet's servers. */
const cli = async (...args: string[]) =>
  (
    await run(process.execPath, ["--import", "tsx", join(ROOT, "packages/cli/src/main.ts"), "leaderboard", ...args], {
      cwd: ROOT,
      env: { ...process.env, ...fleet.env, LOG_FILE: join(fleet.dir, "cli.log") },
      timeout: 60_000,
    })
  ).stdout;

const viaMcp = async (args: Record<string, unknown>) =>
  (await client.callTool({ name: "leaderboard", arguments: args })).structuredContent;

describe("flotilla leaderboard", () => {
  it("--json gives the figures of leadership's leaderboard tool", async () => {
    const json = JSON.parse(await cli("--json"));
    expect(json).toEqual(await viaMcp({}));
    expect(json.records).toBe(await fleet.knowledge.count("quality_metrics"));
    expect(json.ballots).toBe(await fleet.knowledge.count("team_votes"));
    const filtered = JSON.parse(await cli("--type", "bugfix", "--model", FAST.model, "--json"));
    expect(filtered).toEqual(await viaMcp({ task_type: "bugfix", model: FAST.model }));
    expect(filtered.rows.map((r: { model: string; rank: number }) => [r.model, r.rank])).toEqual([[FAST.model, 2]]);
  });

  it("prints each task type's models in rank order, with their uncertainty", async () => {
    const text = await cli("--type", TYPE, "--role", "lead developer");
    const careful = text.indexOf(`${CAREFUL.provider}/${CAREFUL.model}`);
    const fast = text.indexOf(`${FAST.provider}/${FAST.model}`);
    expect(careful).toBeGreaterThan(-1);
    expect(fast).toBeGreaterThan(careful);
    expect(text).toMatch(/^1 +anthropic\/claude-sonnet-4-5 +development +3 +0\.\d\d \[0\.\d\d–1\.00\]/m);
    expect(text).toMatch(/^2 +openai\/gpt-5-mini +development +2 /m);
    expect(text).not.toContain("technical writer");
  });
});
