import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { sandboxAvailable } from "@flotilla/sandbox";
import { TestRunResult } from "@flotilla/testrun";
import { FIXED, hashTree, status, userRepo } from "../../packages/testrun/test/helpers.ts";
import { startFleet, ROOT, type Fleet } from "../support/fleet.ts";

const sandbox = await sandboxAvailable({ mode: "bubblewrap" });
let fleet: Fleet;
let client: Client;
let repos: ReturnType<typeof userRepo>;
beforeAll(async () => {
  repos = userRepo();
  fleet = await startFleet({ teams: [], env: { FLOTILLA_REPOS: repos.root, FLOTILLA_SANDBOX: "bubblewrap" } });
  // QA's MCP server over stdio, as an IDE starts it.
  client = new Client({ name: "ide-test", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: ["--import", "tsx", join(ROOT, "teams/qa/src/main.ts")],
      cwd: ROOT,
      stderr: "ignore",
      env: { ...(process.env as Record<string, string>), ...fleet.env, LOG_FILE: join(fleet.dir, "qa-ide.log") },
    }),
  );
}, 120_000);
afterAll(async () => {
  await client?.close();
  await fleet?.stop();
  repos?.dispose();
});

const textOf = (res: Awaited<ReturnType<Client["callTool"]>>) =>
  (res.content as { type: string; text: string }[]).map((part) => part.text).join("\n");

describe("qa's run_tests tool over MCP", () => {
  it("is listed with its output schema", async () => {
    const { tools } = await client.listTools();
    expect(tools.find((tool) => tool.name === "run_tests")?.outputSchema).toBeDefined();
  });

  it.skipIf(!sandbox.ok)(
    "runs the suite in the sandbox: the runner's verdict and failing test, then a fix passes",
    async () => {
      const before = { hashes: hashTree(repos.app), status: status(repos.app) };
      const failing = await client.callTool({ name: "run_tests", arguments: { repo: repos.app } });
      expect(failing.isError).toBeFalsy();
      const result = TestRunResult.parse(failing.structuredContent);
      expect(result).toMatchObject({ verdict: "fail", total: 2, failed: 1 });
      expect(result.failing.map((test) => test.name)).toEqual(["subtracts"]);
      expect(textOf(failing)).toMatch(/^fail: 1 passed, 1 failed, 0 skipped of 2/);
      expect(textOf(failing)).toContain("- subtracts");

      const files = [{ path: "sub.test.mjs", content: FIXED }];
      const fixed = await client.callTool({ name: "run_tests", arguments: { repo: repos.app, files } });
      expect(TestRunResult.parse(fixed.structuredContent)).toMatchObject({ verdict: "pass", total: 2, passed: 2 });
      expect(status(repos.app)).toBe(before.status);
      expect(hashTree(repos.app)).toEqual(before.hashes);
    },
  );

  it("refuses a repository outside FLOTILLA_REPOS, saying how to allow it", async () => {
    const res = await client.callTool({ name: "run_tests", arguments: { repo: ROOT } });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/FLOTILLA_REPOS/);
  });
});
