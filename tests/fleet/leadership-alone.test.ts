import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { startFleet, type Fleet } from "../support/fleet.ts";

let fleet: Fleet;
let client: Client;
beforeAll(async () => {
  fleet = await startFleet({ teams: [] });
  client = await fleet.mcpClient();
}, 120_000);
afterAll(async () => fleet?.stop());

describe("a leadership instance started alone (Claude Desktop before `flotilla up`)", () => {
  it("accepts the task, warns which teams are not running, and the task runs once they start", async () => {
    const res = await client.callTool({ name: "submit_task", arguments: { description: "Add a noop helper" } });
    const sc = res.structuredContent as { task_id: string; status: string; warnings: string[] };
    expect(sc.status).toBe("submitted");
    expect(sc.warnings.join(" ")).toMatch(/not running: development, qa, documentation, devops/);
    for (const team of ["development", "qa", "documentation", "devops"] as const) await fleet.startTeam(team);
    let state: { status: string } | undefined;
    for (let i = 0; i < 300 && state?.status !== "completed"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = await fleet.bus.getJson<{ status: string }>("workflow_state", sc.task_id);
    }
    expect(state?.status).toBe("completed");
  });
});
