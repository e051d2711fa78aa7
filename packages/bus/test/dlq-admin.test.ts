import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { envelope, ids, type DlqReason, type MessageOf } from "@flotilla/contracts";
import { getDlq, listDlq, listDlqReplays, purgeDlq, replayDlq, type Bus } from "../src/index.ts";
import { dlqEntry } from "../src/dlq.ts";
import { busInternals } from "../src/internals.ts";
import { busFactory, natsFixture, taskRequest, testRequest, waitFor } from "./helpers.ts";

let nats: Awaited<ReturnType<typeof natsFixture>>;
const buses = busFactory(() => nats.server.url);
let bus: Bus;

beforeAll(async () => {
  nats = await natsFixture();
  bus = await buses.bus({ team: "cli", instanceId: "admin" });
  await bus.provision();
});
afterAll(async () => {
  await buses.closeAll();
  await nats.stop();
});
beforeEach(async () => {
  await busInternals(bus).jsm.streams.purge("DLQ");
});

let seq = 1_000;
/** A DLQ entry as a consumer writes it, for a message it got on `subject`. */
async function deadLetter(team: string, subject: string, raw: string, reason: DlqReason, failure = "it broke") {
  const { subject: dlq, entry } = dlqEntry({
    ...{ team, instanceId: `${team}-1`, consumer: `${team}__c`, stream: "X", streamSequence: ++seq, subject, raw },
    ...{ headers: {}, reason, failureReason: failure, failureCount: 5 },
  });
  return (await bus.publish(dlq, entry)).seq;
}

describe("listDlq and getDlq", () => {
  it("list entries with their id, team, reason, original subject, task and failure; filter by team, reason and task", async () => {
    const work = testRequest("list-me");
    const a = await deadLetter("qa", "qa.test.requested.medium", JSON.stringify(work), "handler_failed", "Qdrant 404");
    const b = await deadLetter("leadership", "system.task.request", "{not json", "invalid_json");
    const request = taskRequest("no task id");
    const c = await deadLetter("leadership", "system.task.request", JSON.stringify(request), "handler_failed");

    const all = await listDlq(bus);
    expect(all.map((e) => e.id)).toEqual([a, b, c]);
    expect(all[0]).toEqual({
      id: a,
      subject: "dlq.qa.handler_failed",
      team: "qa",
      reason: "handler_failed",
      time: expect.any(String),
      original_subject: "qa.test.requested.medium",
      task_id: work.task_id,
      failure_reason: "Qdrant 404",
      failure_count: 5,
      replayable: true,
    });
    expect(all[1]).toMatchObject({ replayable: false, not_replayable: expect.stringMatching(/invalid_json/) });
    // A request that named no task id is listed under the task it would have started.
    expect(all[2]?.task_id).toBe(ids.taskFromRequest(request.message_id));

    expect((await listDlq(bus, { team: "leadership" })).map((e) => e.id)).toEqual([b, c]);
    expect((await listDlq(bus, { reason: "handler_failed" })).map((e) => e.id)).toEqual([a, c]);
    expect((await listDlq(bus, { team: "leadership", reason: "handler_failed" })).map((e) => e.id)).toEqual([c]);
    expect((await listDlq(bus, { task: work.task_id })).map((e) => e.id)).toEqual([a]);
    expect(await listDlq(bus, { team: "devops" })).toEqual([]);
    await expect(listDlq(bus, { team: "qa.>" })).rejects.toThrow(/invalid DLQ team filter/);
  });

  it("show one entry with its original message; an unknown id is undefined; a forged message is listed, not replayable", async () => {
    const work = testRequest("show-me");
    const id = await deadLetter("qa", "qa.test.requested.high", JSON.stringify(work), "handler_failed");
    const d = await getDlq(bus, id);
    expect(d).toMatchObject({
      id,
      replayable: true,
      original: JSON.stringify(work),
      message: { task_id: work.task_id },
    });
    expect(d?.entry?.dlq_metadata.consumer).toBe("qa__c");
    expect(await getDlq(bus, 99_999)).toBeUndefined();

    const forged = await busInternals(bus).js.publish("dlq.qa.handler_failed", "garbage");
    const listed = (await listDlq(bus)).find((e) => e.id === forged.seq);
    expect(listed).toMatchObject({ team: "qa", replayable: false, not_replayable: /not a readable DLQ entry/ });
    await expect(replayDlq(bus, forged.seq)).rejects.toThrow(/cannot be replayed: not a readable DLQ entry/);
  });
});

describe("replayDlq", () => {
  it("re-publishes a failed message under a new id once the cause is fixed, records the replay, deletes the entry", async () => {
    const worker = await buses.bus({ team: "qa", maxDeliver: 2, retryBaseMs: 10 });
    let fixed = false;
    const got: Array<{ message: MessageOf<"qa.test.requested">; id: string }> = [];
    const sub = await worker.consume({
      subject: "qa.test.requested",
      durable: "replay",
      handler: async (message, d) => {
        if (!fixed) throw new Error("the collection is missing");
        got.push({ message, id: d.messageId });
      },
    });
    const work = testRequest("replay-me", "high");
    await worker.publish("qa.test.requested", work);
    const [entry] = await waitFor("the DLQ entry", async () => {
      const l = await listDlq(bus, { team: "qa" });
      return l.length > 0 && l;
    });
    expect(entry).toMatchObject({ original_subject: "qa.test.requested.high", replayable: true, failure_count: 2 });

    fixed = true;
    const r = await replayDlq(bus, entry!.id, { requestedBy: "alice" });
    expect(r).toMatchObject({
      id: entry!.id,
      subject: "qa.test.requested.high",
      duplicate: false,
      task_id: work.task_id,
    });
    expect(r.message_id).not.toBe(work.message_id);
    await waitFor("the replayed message", () => got.length === 1);
    expect(got[0]!.id).toBe(r.message_id);
    expect(got[0]!.message.workflow.task_description).toBe("replay-me");

    expect(await listDlq(bus)).toEqual([]);
    const [record] = await listDlqReplays(bus, { team: "qa" });
    expect(record).toMatchObject({
      id: r.record_id,
      entry: { id: entry!.id, original_subject: "qa.test.requested.high", original_message_id: work.message_id },
      replayed: { subject: "qa.test.requested.high", message_id: r.message_id, stream: "QA", sequence: r.sequence },
      task_id: work.task_id,
      requested_by: "alice",
      sender: { team: "cli" },
    });
    await expect(replayDlq(bus, entry!.id)).rejects.toThrow(/no DLQ entry \d+ \(already replayed or purged\?\)/);
    await sub.stop();
  });

  it("treats an entry its replay record names as replayed, when the replaying user could not delete it", async () => {
    const work = testRequest("marked");
    const id = await deadLetter("qa", "qa.test.requested.medium", JSON.stringify(work), "handler_failed");
    const replayed = { subject: "qa.test.requested.medium", message_id: randomUUID(), stream: "QA", sequence: 9 };
    await bus.publish("dlq.qa.replayed", {
      ...envelope({ sender: { team: "leadership", agent: "dlq-replay", instance_id: "l-1" } }),
      entry: {
        ...{ id, subject: "dlq.qa.handler_failed", message_id: randomUUID(), failure_reason: "x" },
        ...{ original_subject: "qa.test.requested.medium", original_message_id: work.message_id },
      },
      replayed,
      requested_by: "mcp client (dlq_replay)",
    });
    expect(await listDlq(bus)).toEqual([]);
    expect(await getDlq(bus, id)).toMatchObject({ replayable: false, replayed: { replayed } });
    await expect(replayDlq(bus, id)).rejects.toThrow(
      new RegExp(
        `DLQ entry ${id} was replayed already at .* by mcp client \\(dlq_replay\\), as message ${replayed.message_id}`,
      ),
    );
    expect(await purgeDlq(bus)).toEqual({ purged: [id], missing: [] });
  });

  it("keeps the task of a request that named none", async () => {
    const request = taskRequest("pinned");
    const id = await deadLetter("leadership", "system.task.request", JSON.stringify(request), "handler_failed");
    const r = await replayDlq(bus, id);
    const stored = await busInternals(bus).jsm.streams.getMessage("SYSTEM", { seq: r.sequence });
    const again = stored!.json<{ task_id: string; message_id: string; task: { description: string } }>();
    expect(again).toMatchObject({ task_id: ids.taskFromRequest(request.message_id), message_id: r.message_id });
    expect(again.task.description).toBe("pinned");
  });

  it("refuses an original that does not validate, saying why, and keeps the entry", async () => {
    const bad = JSON.stringify({ ...taskRequest(), task: { description: 42 } });
    const id = await deadLetter("leadership", "system.task.request", bad, "schema_violation");
    await expect(replayDlq(bus, id)).rejects.toThrow(
      new RegExp(`DLQ entry ${id} cannot be replayed: its original is schema_violation .*cannot be replayed as is`),
    );
    expect((await listDlq(bus)).map((e) => e.id)).toEqual([id]);
  });

  it("reads an original kept in the object store when the entry only references it", async () => {
    const work = testRequest("large");
    const ref = { object_store: "test_artifacts", key: `dlq/${work.message_id}.json` } as const;
    await bus.objects.put(ref, JSON.stringify(work));
    const { entry } = dlqEntry({
      ...{ team: "qa", instanceId: "qa-1", consumer: "qa__c", stream: "QA", streamSequence: 7, raw: "" },
      ...{ subject: "qa.test.requested.low", headers: {}, reason: "handler_failed", failureReason: "too big" },
      failureCount: 1,
    });
    // Written as a consumer would once entries may carry a reference (extra metadata is kept on the wire).
    const raw = { ...entry, dlq_metadata: { ...entry.dlq_metadata, original_message: "", body_ref: ref } };
    const id = (await busInternals(bus).js.publish("dlq.qa.handler_failed", JSON.stringify(raw))).seq;
    expect(await getDlq(bus, id)).toMatchObject({ body_ref: ref, original: JSON.stringify(work), replayable: true });
    expect((await replayDlq(bus, id)).subject).toBe("qa.test.requested.medium");

    const gone = { ...raw, dlq_metadata: { ...raw.dlq_metadata, body_ref: { ...ref, key: "dlq/gone.json" } } };
    const missing = (await busInternals(bus).js.publish("dlq.qa.handler_failed", JSON.stringify(gone))).seq;
    expect(await getDlq(bus, missing)).toMatchObject({
      replayable: false,
      not_replayable: /no longer in the object store/,
    });
  });
});

describe("purgeDlq", () => {
  it("deletes named ids exactly, or every entry a filter matches; replay records stay", async () => {
    const ids3 = [
      await deadLetter("qa", "qa.test.requested.medium", JSON.stringify(testRequest("a")), "handler_failed"),
      await deadLetter("qa", "system.task.request", "{", "invalid_json"),
      await deadLetter("development", "system.task.request", "{", "invalid_json"),
    ];
    const replayed = await deadLetter(
      "devops",
      "qa.test.requested.medium",
      JSON.stringify(testRequest("b")),
      "handler_failed",
    );
    await replayDlq(bus, replayed);

    expect(await purgeDlq(bus, { ids: [ids3[0]!, 99_999] })).toEqual({ purged: [ids3[0]], missing: [99_999] });
    expect(await purgeDlq(bus, { team: "development" })).toEqual({ purged: [ids3[2]], missing: [] });
    expect(await purgeDlq(bus)).toEqual({ purged: [ids3[1]], missing: [] });
    expect(await listDlq(bus)).toEqual([]);
    expect(await listDlqReplays(bus)).toHaveLength(1);
  });
});
