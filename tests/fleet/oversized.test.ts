import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envelope, MAX, TASK_LIMITS, type DlqEntry } from "@flotilla/contracts";
import { startFleet, type Fleet } from "../support/fleet.ts";
import { RawNats } from "../support/raw-nats.ts";
import { runTask } from "../support/submit.ts";

let fleet: Fleet;
let raw: RawNats;
beforeAll(async () => {
  fleet = await startFleet();
  // As any program would, with the client credentials.
  raw = await RawNats.open(fleet.env.NATS_URL!, fleet.credentials.nats.client);
}, 180_000);
afterAll(async () => {
  raw?.close();
  await fleet?.stop();
});

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined>, timeoutMs = 30_000): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; ;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("size limits at the edge", () => {
  it("a TaskRequest with a ~1 MB correlation_id is dead-lettered with its body; nothing stays at received", async () => {
    const taskId = randomUUID();
    const request = {
      ...envelope({ sender: { team: "external", agent: "raw", instance_id: "raw" } }),
      // ~1 MB in all, yet under the server's max_payload (1 MB) so the server takes it.
      correlation_id: "c".repeat(1_000_000),
      task_id: taskId,
      task: { description: "Add a trim helper" },
    };
    const body = JSON.stringify(request);
    raw.publish("system.task.request", body);
    await raw.flush();

    const entry = await waitFor("the DLQ entry", () =>
      fleet.bus.lastMessage<DlqEntry>("dlq.leadership.schema_violation"),
    );
    const meta = entry.dlq_metadata;
    expect(meta).toMatchObject({ original_subject: "system.task.request", reason: "schema_violation" });
    expect(meta.failure_reason).toMatch(/correlation_id/);
    expect(meta.original_message_ref?.object_store).toBe("dlq_payloads");
    expect(body.startsWith(meta.original_message)).toBe(true);
    expect(await fleet.bus.objects.getText(meta.original_message_ref!)).toBe(body);

    // The next task completes, and then no task is left unfinished: none at "received".
    const o = await runTask(fleet, "Add a trim helper");
    expect(o.status).toBe("completed");
    expect(await fleet.bus.getJson("workflow_state", taskId)).toBeUndefined();
    const keys = await fleet.bus.keys("workflow_state");
    expect(keys).toEqual([o.task_id]);
    const states = await Promise.all(
      keys.map((k) => fleet.bus.getJson<{ status: string; history: Array<{ event: string }> }>("workflow_state", k)),
    );
    for (const s of states) {
      expect(s?.status).toBe("completed");
      expect(s!.history.length).toBeGreaterThan(1);
    }
  });

  it("submit_task's input schema declares the TaskRequest's limits, and refuses input over them", async () => {
    const client = await fleet.mcpClient();
    const { tools } = await client.listTools();
    const props = tools.find((t) => t.name === "submit_task")!.inputSchema.properties as Record<
      string,
      { maxLength?: number; maxItems?: number; items?: { maxLength?: number } }
    >;
    expect(props.description?.maxLength).toBe(TASK_LIMITS.description);
    expect(props.requirements).toMatchObject({
      maxItems: TASK_LIMITS.requirements,
      items: { maxLength: TASK_LIMITS.requirement },
    });
    expect(props.repo?.maxLength).toBe(MAX.path);
    expect(props.base_ref?.maxLength).toBe(MAX.line);
    const res = await client
      .callTool({ name: "submit_task", arguments: { description: "x".repeat(TASK_LIMITS.description + 1) } })
      .catch((err: unknown) => ({ isError: true, content: [{ type: "text", text: String(err) }] }));
    expect(res.isError).toBe(true);
    expect(JSON.stringify(res.content)).toMatch(/description/);
  });
});
