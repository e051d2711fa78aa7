import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { waitUntil } from "@flotilla/infra";
import { followTask, listDlqReplays } from "@flotilla/bus";
import { busInternals } from "@flotilla/bus/internals";
import { submitTask } from "@flotilla/cli";
import { startFleet, type Fleet } from "../support/fleet.ts";

let fleet: Fleet;
let client: Client;

beforeAll(async () => {
  fleet = await startFleet();
  client = await fleet.mcpClient();
}, 180_000);
afterAll(async () => fleet?.stop());

interface Entry {
  id: number;
  team: string;
  reason: string;
  original_subject?: string;
  task_id?: string;
  failure_reason?: string;
  replayable: boolean;
  not_replayable?: string;
}

async function call(name: string, args: Record<string, unknown>) {
  const res = await client.callTool({ name, arguments: args });
  const text = (res.content as Array<{ text?: string }>).map((c) => c.text ?? "").join("\n");
  return { isError: res.isError === true, text, sc: res.structuredContent as Record<string, unknown> | undefined };
}

const dlqList = async (args: Record<string, unknown> = {}) => (await call("dlq_list", args)).sc!.entries as Entry[];

/** Polls dlq_list until an entry matches. */
async function entryWhere(args: Record<string, unknown>, match: (e: Entry) => boolean): Promise<Entry> {
  let found: Entry | undefined;
  await waitUntil(async () => !!(found = (await dlqList(args)).find(match)), "the DLQ entry", 60_000);
  return found!;
}

describe("the DLQ through leadership's MCP tools", () => {
  it("a request leadership could not take in is listed, replayed once the cause is fixed, and the task completes", async () => {
    // Leadership makes a scratch repository per task under FLOTILLA_WORKSPACE/scratch: a file
    // in its place makes intake fail on every delivery, so the request is dead-lettered.
    const workspace = fleet.env.FLOTILLA_WORKSPACE!;
    mkdirSync(workspace, { recursive: true });
    writeFileSync(join(workspace, "scratch"), "in the way\n");
    let taskId = "";
    await submitTask(fleet.bus, "Add a clamp helper", { timeoutMs: 0, onSubmitted: (id) => (taskId = id) });

    const entry = await entryWhere({ team: "leadership", reason: "handler_failed" }, (e) => e.task_id === taskId);
    expect(entry).toMatchObject({ original_subject: "system.task.request", replayable: true });
    expect(entry.failure_reason).toMatch(/scratch/);
    expect((await dlqList({ task_id: taskId })).map((e) => e.id)).toEqual([entry.id]);
    // Nothing of the task was recorded, so nothing failed it: it waits on the DLQ.
    expect((await call("task_status", { task_id: taskId })).isError).toBe(true);

    rmSync(join(workspace, "scratch"));
    const follower = await followTask(fleet.bus, taskId, { timeoutMs: 120_000 });
    const replay = await call("dlq_replay", { id: entry.id });
    expect(replay.isError, replay.text).toBe(false);
    expect(replay.sc).toMatchObject({
      id: entry.id,
      subject: "system.task.request",
      task_id: taskId,
      duplicate: false,
    });
    expect(replay.text).toMatch(new RegExp(`Replayed DLQ entry ${entry.id} on system\\.task\\.request`));
    const outcome = await follower.done;
    expect(outcome?.status, JSON.stringify(outcome)).toBe("completed");

    expect(await dlqList({ task_id: taskId })).toEqual([]);
    const [record] = await listDlqReplays(fleet.bus, { task: taskId });
    expect(record).toMatchObject({
      entry: { id: entry.id, original_subject: "system.task.request" },
      replayed: { message_id: replay.sc!.message_id },
      requested_by: "mcp client (dlq_replay)",
      sender: { team: "leadership" },
    });
    // Deleted, or (when leadership's NATS user may not delete DLQ messages) marked by its record.
    const again = await call("dlq_replay", { id: entry.id });
    expect(again).toMatchObject({ isError: true, text: expect.stringMatching(/already replayed|replayed already/) });
  });

  it("lists a malformed request and refuses to replay it as is, saying why", async () => {
    // Past the bus's own validation, as any program could send it.
    await busInternals(fleet.bus).js.publish("system.task.request", '{"message_version":"1.0","task":"no envelope"}');
    const entry = await entryWhere({ reason: "schema_violation" }, (e) => e.original_subject === "system.task.request");
    expect(entry).toMatchObject({ team: "leadership", replayable: false });
    expect(entry.not_replayable).toMatch(/schema_violation .*cannot be replayed as is/);
    const replay = await call("dlq_replay", { id: entry.id });
    expect(replay.isError).toBe(true);
    expect(replay.text).toMatch(
      new RegExp(`DLQ entry ${entry.id} cannot be replayed: its original is schema_violation`),
    );
    expect((await dlqList({ reason: "schema_violation" })).map((e) => e.id)).toContain(entry.id);
  });
});
