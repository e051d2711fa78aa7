import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { CodeBundle, CodeReview, DeploymentPlan, DocBundle } from "@flotilla/contracts";
import { startFleet, ROOT, type Fleet } from "../support/fleet.ts";

let fleet: Fleet;
const clients: Client[] = [];
beforeAll(async () => {
  fleet = await startFleet({ teams: [] });
}, 120_000);
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await fleet?.stop();
});

/** A real MCP client over stdio to one team's server, as an IDE would start it. */
async function connect(team: string): Promise<Client> {
  const client = new Client({ name: "ide-test", version: "1.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: ["--import", "tsx", join(ROOT, `teams/${team}/src/main.ts`)],
      cwd: ROOT,
      stderr: "ignore",
      env: { ...(process.env as Record<string, string>), ...fleet.env, LOG_FILE: join(fleet.dir, `${team}-ide.log`) },
    }),
  );
  clients.push(client);
  return client;
}

const cases = [
  {
    team: "qa",
    tool: "review_code",
    args: { code: "export const f = (x: any) => eval(x);" },
    schema: CodeReview,
    agents: 3,
  },
  {
    team: "documentation",
    tool: "write_api_docs",
    args: { code: "export function add(a: number, b: number) { return a + b; }" },
    schema: DocBundle,
    agents: 3,
  },
  {
    team: "development",
    tool: "implement_code",
    args: { description: "a debounce helper" },
    schema: CodeBundle,
    agents: 4,
  },
  {
    team: "devops",
    tool: "generate_ci_config",
    args: { project: "a pnpm TypeScript library tested with vitest" },
    schema: DeploymentPlan,
    agents: 3,
  },
] as const;

describe("each team's own MCP tool, for IDE use", () => {
  for (const c of cases) {
    it(`${c.team}: ${c.tool} returns the team's voted answer as structured content`, async () => {
      const client = await connect(c.team);
      const { tools } = await client.listTools();
      expect(tools.find((t) => t.name === c.tool)?.outputSchema).toBeDefined();
      const res = await client.callTool({ name: c.tool, arguments: c.args });
      expect(res.isError).toBeFalsy();
      const sc = res.structuredContent as {
        request_id: string;
        result: unknown;
        vote: { ballots: number; outcome: string };
        simulated: boolean;
      };
      expect(c.schema.safeParse(sc.result).success).toBe(true);
      expect(sc.vote).toMatchObject({ outcome: "accepted", ballots: c.agents });
      expect(sc.simulated).toBe(true);
      expect(await fleet.knowledge.count("team_votes", { task_id: sc.request_id, team: c.team })).toBe(c.agents);
    });
  }

  it("qa flags risky code in review", async () => {
    const client = await connect("qa");
    const res = await client.callTool({ name: "review_code", arguments: { code: "eval(userInput) // TODO" } });
    expect((res.structuredContent as { result: CodeReview }).result.verdict).toBe("request_changes");
  });
});
