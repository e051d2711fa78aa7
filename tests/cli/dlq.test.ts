import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envelope } from "@flotilla/contracts";
import { connectBus, type Bus } from "@flotilla/bus";
import { busInternals } from "@flotilla/bus/internals";
import { startNatsServer, waitUntil, type ServerHandle } from "@flotilla/infra";
import { createLogger } from "@flotilla/log";
import { ROOT } from "../support/fleet.ts";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "flotilla-dlq-cli-"));
let nats: ServerHandle;
let bus: Bus;

/** The CLI as a person runs it; resolves with its output and exit code instead of throwing on 1. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ["--import", "tsx", join(ROOT, "packages/cli/src/main.ts"), ...args],
      {
        cwd: ROOT,
        env: { ...process.env, NATS_URL: nats.url, FLOTILLA_HOME: join(dir, "home"), LOG_FILE: join(dir, "cli.log") },
        timeout: 60_000,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout: string; stderr: string };
    if (typeof e.code !== "number") throw err;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const taskId = "6f1c1b56-1f43-4b7e-9d7c-2d0c5c1f0a11";

beforeAll(async () => {
  // Its own nats-server: the DLQ stream is read and purged whole.
  nats = await startNatsServer({ dataDir: join(dir, "nats") });
  const logger = createLogger({ name: "dlq-cli-test", level: "silent" });
  bus = await connectBus({ url: nats.url, team: "leadership", instanceId: "test", logger, maxDeliver: 1 });
  await bus.provision();
  // A handler that always fails, and a payload that is not JSON: two entries the real way.
  await bus.consume({
    subject: "system.task.request",
    durable: "failing",
    handler: async () => {
      throw new Error("the knowledge store is down");
    },
  });
  await bus.publish("system.task.request", {
    ...envelope({ sender: { team: "external", agent: "test", instance_id: "test" } }),
    task_id: taskId,
    task: { description: "Add a clamp helper", requirements: [], priority: "medium", context: {} },
    requester: { user_id: "tester" },
  });
  const entries = async () => (await busInternals(bus).jsm.streams.info("DLQ")).state.messages;
  await waitUntil(async () => (await entries()) === 1, "the first DLQ entry");
  await busInternals(bus).js.publish("system.task.request", "{not json");
  await waitUntil(async () => (await entries()) === 2, "the second DLQ entry");
}, 60_000);
afterAll(async () => {
  await bus?.close();
  await nats?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("flotilla dlq", () => {
  it("list shows each entry with its id, team/reason, subject, task and failure; --json and filters", async () => {
    const list = await cli("dlq", "list");
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(
      new RegExp(
        `^ +1 +\\S+ \\S+ +leadership/handler_failed +system\\.task\\.request +task ${taskId} +replayable$`,
        "m",
      ),
    );
    expect(list.stdout).toMatch(/the knowledge store is down/);
    expect(list.stdout).toMatch(/^ +2 .* leadership\/invalid_json +system\.task\.request +not replayable$/m);
    expect(list.stdout).toMatch(/^2 entries \(1 replayable\)$/m);
    const json = JSON.parse((await cli("dlq", "list", "--reason", "invalid_json", "--json")).stdout);
    expect(json).toEqual([expect.objectContaining({ id: 2, reason: "invalid_json", replayable: false })]);
    expect((await cli("dlq", "list", "--task", taskId, "--json")).stdout).toMatch(/"id": 1,/);
    expect((await cli("dlq", "list", "--team", "qa")).stdout).toMatch(/no DLQ entries \(filter: --team qa\)/);
  });

  it("show prints where and why it failed and the original message; replay refuses an invalid one", async () => {
    const show = await cli("dlq", "show", "1");
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^DLQ entry 1 on dlq\.leadership\.handler_failed, stored /m);
    expect(show.stdout).toMatch(new RegExp(`original subject: system\\.task\\.request, task ${taskId}`));
    expect(show.stdout).toMatch(/failure: the knowledge store is down/);
    expect(show.stdout).toMatch(/replayable: yes/);
    expect(show.stdout).toMatch(/"description": "Add a clamp helper"/);
    expect((await cli("dlq", "show", "2")).stdout).toMatch(
      /replayable: no — its original is invalid_json[\s\S]*\{not json/,
    );
    expect(await cli("dlq", "show", "99")).toMatchObject({ code: 1, stderr: expect.stringMatching(/no DLQ entry 99/) });

    const replay = await cli("dlq", "replay", "2");
    expect(replay.code).toBe(1);
    expect(replay.stderr).toMatch(
      /DLQ entry 2 cannot be replayed: its original is invalid_json .* cannot be replayed as is/,
    );
  });

  it("purge counts without --yes, deletes with it, and deletes named ids at once", async () => {
    const dry = await cli("dlq", "purge");
    expect(dry).toMatchObject({ code: 1, stdout: expect.stringMatching(/^2 DLQ entries match \(filter: none\)$/m) });
    expect(dry.stderr).toMatch(/run again with --yes/);
    expect((await cli("dlq", "purge", "1", "--team", "qa")).code).toBe(1);

    const byId = await cli("dlq", "purge", "2", "7");
    expect(byId).toMatchObject({ code: 1, stdout: expect.stringMatching(/^purged 1 DLQ entry: 2$/m) });
    expect(byId.stderr).toMatch(/not in the DLQ: 7/);
    const all = await cli("dlq", "purge", "--yes");
    expect(all).toMatchObject({ code: 0, stdout: expect.stringMatching(/^purged 1 DLQ entry: 1$/m) });
    expect((await cli("dlq", "list")).stdout).toMatch(/no DLQ entries \(filter: none\)/);
  });
});
