import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CallToolResultSchema } from "@modelcontextprotocol/sdk/types.js";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { TEAMS, type TaskCompleted } from "@flotilla/contracts";
import { startFleet, type Fleet } from "../support/fleet.ts";
import { countFor } from "../support/assertions.ts";

let fleet: Fleet;
let client: Client;

beforeAll(async () => {
  fleet = await startFleet();
  client = await fleet.mcpClient();
}, 180_000);
afterAll(async () => fleet?.stop());

describe("a task submitted through the leadership MCP server", () => {
  let outcome: TaskCompleted;
  const progress: string[] = [];

  it("goes through all five teams and completes, with progress notifications", async () => {
    const res = await client.callTool(
      {
        name: "submit_task",
        arguments: {
          description: "Add a trim helper that rejects empty input",
          requirements: ["has tests"],
          wait: true,
        },
      },
      CallToolResultSchema,
      { onprogress: (p) => progress.push(p.message ?? ""), resetTimeoutOnProgress: true, timeout: 60_000 },
    );
    expect(res.isError).toBeFalsy();
    const sc = res.structuredContent as { status: string; outcome: TaskCompleted; simulated: boolean };
    expect(sc.status).toBe("completed");
    expect(sc.simulated).toBe(true);
    expect((sc as unknown as { warnings: string[] }).warnings).toEqual([]);
    outcome = sc.outcome;
    expect(outcome.teams.map((t) => t.step)).toEqual(["plan", "implement", "test", "document", "deploy", "signoff"]);
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.some((p) => p.includes("qa"))).toBe(true);
    expect(JSON.stringify(res.content)).toContain("SIMULATION");
  });

  it("stored every team's ballots in team_votes and the ratings in cross_team_ratings", async () => {
    for (const team of TEAMS) {
      const ballots = await countFor(fleet, "team_votes", { task_id: outcome.task_id, team });
      const vote = outcome.teams.filter((t) => t.team === team).reduce((n, t) => n + t.vote.ballots, 0);
      expect(ballots, team).toBe(vote);
      expect(ballots, team).toBeGreaterThanOrEqual(3);
    }
    for (const rater of ["development", "qa", "documentation", "devops", "leadership"]) {
      expect(
        await countFor(fleet, "cross_team_ratings", { task_id: outcome.task_id, from_team: rater }),
        rater,
      ).toBeGreaterThanOrEqual(3);
    }
    const devRatings = await fleet.knowledge.list("cross_team_ratings", {
      task_id: outcome.task_id,
      to_team: "development",
    });
    expect(devRatings[0]!.payload.model).toMatch(/sim:openai\/gpt-5-mini/);
  });

  it("keeps its final state in KV and its artifacts fetchable by reference", async () => {
    const state = await fleet.bus.getJson<{ status: string }>("workflow_state", outcome.task_id);
    expect(state?.status).toBe("completed");
    expect(outcome.artifacts.length).toBeGreaterThanOrEqual(7);
    for (const a of outcome.artifacts) {
      const res = await client.callTool({ name: "get_artifact", arguments: a.ref });
      expect(res.isError, `${a.ref.object_store}/${a.ref.key}`).toBeFalsy();
      expect((res.structuredContent as { size: number }).size).toBeGreaterThan(0);
    }
    const code = await client.callTool({
      name: "get_artifact",
      arguments: outcome.artifacts.find((a) => a.step === "implement")!.ref,
    });
    expect((code.structuredContent as { content: string }).content).toContain("changes");
  });

  it("answers task_status, list_tasks, team_health and exposes artifacts as resources", async () => {
    const status = await client.callTool({ name: "task_status", arguments: { task_id: outcome.task_id } });
    expect((status.structuredContent as { status: string }).status).toBe("completed");
    // Every packet, with its vote and artifact.
    const text = (status.content as Array<{ text?: string }>).map((c) => c.text ?? "").join("\n");
    for (const packet of ["development-1 implement", "qa-1 test", "documentation-1 document", "devops-1 deploy"]) {
      expect(text).toMatch(new RegExp(`${packet} \\(\\w+\\).*: done, round 1 — vote accepted`));
    }
    // The repository, each sandboxed run and the delivered branch.
    expect(text).toMatch(/^ {2}repository: scratch \S+ from [0-9a-f]{12}$/m);
    expect(text).toMatch(/^ +tests: pass 2\/2 passed → \S+\/qa-1\/test\/r1\/test-run\.json$/m);
    expect(text).toMatch(/^ +branch flotilla\/\S+ at [0-9a-f]{12} \(\d+ files, \+\d+ −0\)$/m);
    const state = (status.structuredContent as { state: { packets: Array<{ id: string; status: string }> } }).state;
    expect(state.packets.map((p) => `${p.id}:${p.status}`)).toEqual([
      "development-1:done",
      "qa-1:done",
      "documentation-1:done",
      "devops-1:done",
    ]);
    const list = await client.callTool({ name: "list_tasks", arguments: {} });
    expect((list.structuredContent as { tasks: { task_id: string }[] }).tasks.map((t) => t.task_id)).toContain(
      outcome.task_id,
    );
    const health = await client.callTool({ name: "team_health", arguments: {} });
    const rows = (health.structuredContent as { teams: { team: string; status: string }[] }).teams;
    expect(
      rows
        .filter((r) => r.status === "healthy")
        .map((r) => r.team)
        .sort(),
    ).toEqual([...TEAMS].sort());
    const resources = await client.listResources();
    const uri = resources.resources.find((r) => r.uri.includes("code_artifacts"))!.uri;
    const read = await client.readResource({ uri });
    expect(JSON.stringify(read.contents)).toContain("changes");
    const missing = await client.callTool({
      name: "task_status",
      arguments: { task_id: "00000000-0000-4000-8000-000000000000" },
    });
    expect(missing.isError).toBe(true);
  });

  it("declares output schemas on every tool", async () => {
    const { tools } = await client.listTools();
    for (const name of ["submit_task", "task_status", "list_tasks", "get_artifact", "team_health"]) {
      expect(tools.find((t) => t.name === name)?.outputSchema, name).toBeDefined();
    }
  });

  it("runs submit_task as a task-augmented call where the client asks for one", async () => {
    const kinds: string[] = [];
    let result: { structuredContent?: unknown } | undefined;
    for await (const m of client.experimental.tasks.callToolStream(
      {
        name: "submit_task",
        arguments: { description: "Add a clamp helper", wait: true },
        task: { ttl: 600_000 },
      } as never,
      CallToolResultSchema,
    )) {
      kinds.push(m.type);
      if (m.type === "result") result = m.result;
      if (m.type === "error") throw m.error;
    }
    expect(kinds[0]).toBe("taskCreated");
    expect((result?.structuredContent as { status: string }).status).toBe("completed");
  });

  // Last: it stops a team. Its last health report stays recent for three intervals; what it said last wins.
  it("team_health shows a team that stopped as stopped, not by its last report", async () => {
    await fleet.kill("documentation");
    const health = await client.callTool({ name: "team_health", arguments: {} });
    const rows = (health.structuredContent as { teams: { team: string; status: string }[] }).teams;
    expect(rows.find((r) => r.team === "documentation")?.status).toBe("stopped");
    expect(rows.filter((r) => r.status === "healthy").map((r) => r.team)).toHaveLength(TEAMS.length - 1);
    expect((health.content as { text: string }[])[0]!.text).toMatch(/^documentation +stopped/m);
  });
});
