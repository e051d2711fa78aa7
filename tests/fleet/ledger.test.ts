import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TaskProgress } from "@flotilla/contracts";
import { waitUntil } from "@flotilla/infra";
import { readLedger, type Ledger } from "@flotilla/ledger";
import { answer, httpError } from "@flotilla/models/testing";
import { ROOT, startFleet, type Fleet } from "../support/fleet.ts";
import { fakeOpenAIProvider } from "../support/fake-providers.ts";
import { chatRequests, tally, type Answered, type Tally } from "../support/provider-tally.ts";
import { runTask } from "../support/submit.ts";

const run = promisify(execFile);
let fleet: Fleet;
let openai: Awaited<ReturnType<typeof fakeOpenAIProvider>>;

beforeAll(async () => {
  openai = await fakeOpenAIProvider();
  fleet = await startFleet({
    env: {
      FLOTILLA_PROVIDER: "auto",
      OPENAI_API_KEY: "sk-test-ledger-5e6f7a8b",
      OPENAI_BASE_URL: `${openai.url}/v1`,
      OLLAMA_BASE_URL: "",
      MODEL_RETRY_BASE_MS: "50",
    },
  });
}, 180_000);
afterAll(async () => {
  await fleet?.stop();
  await openai?.close();
});

/** The task's ledger once it has counted what the server answered (metrics trail the outcome a little). */
async function settled(taskId: string, server: Tally): Promise<Ledger> {
  await waitUntil(
    async () => (await readLedger(fleet.bus, taskId))?.totals.calls === server.totals.calls,
    `the ledger of ${taskId} to count ${server.totals.calls} calls`,
    30_000,
  );
  return (await readLedger(fleet.bus, taskId))!;
}

/** The ledger equals the server's count: per team, agent and serving model, and in total. */
function expectSame(ledger: Ledger, server: Tally): void {
  const lines = new Map(
    ledger.lines.map((l) => [
      `${l.team}/${l.agent}/${l.provider}/${l.model}`,
      { calls: l.calls, input_tokens: l.input_tokens, output_tokens: l.output_tokens },
    ]),
  );
  expect(lines).toEqual(server.lines);
  const { calls, input_tokens, output_tokens, errors } = server.totals;
  expect(ledger.totals).toMatchObject({ calls, ok: calls, failed: 0, input_tokens, output_tokens, retries: errors });
  expect(ledger.models.every((m) => m.startsWith("openai/"))).toBe(true);
}

const cli = async (...args: string[]) =>
  (
    await run(process.execPath, ["--import", "tsx", join(ROOT, "packages/cli/src/main.ts"), "ledger", ...args], {
      cwd: ROOT,
      env: { ...process.env, ...fleet.env, LOG_FILE: join(fleet.dir, "cli-ledger.log") },
      timeout: 60_000,
    })
  ).stdout;

describe("the ledger of model calls", () => {
  it("counts what the provider answered, per task, across leadership crashes and restarts", async () => {
    // Task 1; leadership is killed the moment it ends, folds in flight and all.
    const first = await runTask(fleet, "Add a clamp helper", 150_000);
    expect(first.status).toBe("completed");
    const end1 = chatRequests(openai).length;
    await fleet.kill("leadership", "SIGKILL");
    await fleet.startTeam("leadership");
    const server1 = tally(chatRequests(openai), 0, end1);
    expect(server1.totals.calls).toBeGreaterThan(20);
    expectSame(await settled(first.task_id, server1), server1);

    // Task 2 starts with a 429 (retried) and an invalid answer (re-asked, its tokens billed).
    const start2 = chatRequests(openai).length;
    const usage = { prompt_tokens: 100, completion_tokens: 50 };
    openai.script(httpError(429, { message: "slow down" }), answer("not json", { usage }));
    const scripted = new Map<number, Answered>([
      [start2, { kind: "error" }],
      [start2 + 1, { kind: "answer", usage, valid: false }],
    ]);
    // Leadership dies while development drafts, and comes back only after calls were made without it.
    let restarted: Promise<unknown> | undefined;
    const watch = fleet.bus.watch("system.task.progress", (_s, m) => {
      const p = m as TaskProgress;
      if (restarted || p.team !== "development" || p.phase !== "drafting") return;
      const before = chatRequests(openai).length;
      restarted = fleet
        .kill("leadership", "SIGKILL")
        .then(() => openai.received(before + 2))
        .then(() => fleet.startTeam("leadership"));
    });
    const second = await runTask(fleet, "Add a chunk helper", 150_000);
    watch.stop();
    expect(second.status).toBe("completed");
    expect(restarted).toBeDefined();
    await restarted;
    const server2 = tally(chatRequests(openai), start2, chatRequests(openai).length, scripted);
    const ledger2 = await settled(second.task_id, server2);
    expectSame(ledger2, server2);
    expect(ledger2.totals.retries).toBe(1);

    // Nothing of task 1 was counted again after the restarts, and each task has its own ledger.
    const ledger1 = (await readLedger(fleet.bus, first.task_id))!;
    expectSame(ledger1, server1);

    // flotilla ledger TASK: the total line; flotilla ledger --json: both tasks with the same totals.
    const text = await cli(second.task_id);
    const total = /^ {2}total\s+\d+ models?\s+(\d+)\s+0\s+(\d+)\s+(\d+)\s/m.exec(text);
    expect(total?.slice(1).map(Number)).toEqual([
      server2.totals.calls,
      server2.totals.input_tokens,
      server2.totals.output_tokens,
    ]);
    const listed = JSON.parse(await cli("--json")) as Ledger[];
    expect(listed.find((l) => l.key === first.task_id)?.totals).toEqual(ledger1.totals);
    expect(listed.find((l) => l.key === second.task_id)?.totals).toEqual(ledger2.totals);

    // task_status over MCP shows the same totals, structured and as text.
    const mcp = await fleet.mcpClient();
    const status = await mcp.callTool({ name: "task_status", arguments: { task_id: second.task_id } });
    expect(status.structuredContent).toMatchObject({ ledger: { ...ledger2.totals, models: ledger2.models } });
    const [content] = status.content as Array<{ text: string }>;
    expect(content!.text).toContain(
      `ledger: ${server2.totals.calls} calls (0 failed), tokens ${server2.totals.input_tokens} in / ${server2.totals.output_tokens} out`,
    );
  }, 420_000);
});
