import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitUntil } from "@flotilla/infra";
import { busInternals } from "@flotilla/bus/internals";
import { startFleet, ROOT, type Fleet } from "../support/fleet.ts";
import { RawNats } from "../support/raw-nats.ts";
import { runTask } from "../support/submit.ts";

let fleet: Fleet;
let raw: RawNats;
beforeAll(async () => {
  fleet = await startFleet();
  raw = await RawNats.open(fleet.env.NATS_URL!, fleet.credentials.nats.client);
}, 180_000);
afterAll(async () => {
  raw?.close();
  await fleet?.stop();
});

const example = () => JSON.parse(readFileSync(join(ROOT, "examples/task-request.json"), "utf8"));
/** Deterministic, so a failure can be replayed: a small linear congruential generator. */
function random(seed: number) {
  let x = seed;
  return () => (x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

/** Requests that must all be refused at intake, each for a different reason. */
function invalidRequests(n: number): string[] {
  const rnd = random(42);
  const nested = (depth: number): unknown => (depth === 0 ? 1 : [nested(depth - 1)]);
  const make: Array<(i: number) => string> = [
    (i) => `{"message_id": "${i}", "task": ${"[".repeat(1 + (i % 5))}`, // malformed JSON
    (i) => Buffer.from(Array.from({ length: 40 }, () => Math.floor(rnd() * 256))).toString("latin1") + i,
    (i) => JSON.stringify({ ...example(), message_id: crypto.randomUUID(), message_version: `9.${i}` }),
    () => JSON.stringify({ ...example(), message_id: crypto.randomUUID(), task: { priority: "urgent" } }),
    () =>
      JSON.stringify({ ...example(), message_id: crypto.randomUUID(), task: { ...example().task, description: "" } }),
    () =>
      JSON.stringify({
        ...example(),
        message_id: crypto.randomUUID(),
        task: { ...example().task, description: "x".repeat(20_001) },
      }),
    () => JSON.stringify({ ...example(), message_id: crypto.randomUUID(), correlation_id: "c".repeat(300_000) }),
    () =>
      JSON.stringify({
        ...example(),
        message_id: crypto.randomUUID(),
        task: { ...example().task, context: nested(200) },
      }),
  ];
  return Array.from({ length: n }, (_, i) => make[i % make.length]!(i));
}

/** Messages a client may not publish: other teams' results, outcomes, dead letters, state writes. */
const FORGED = [
  "devops.deployed",
  "qa.approved",
  "development.code.ready",
  "dlq.development.handler_failed",
  "system.task.completed",
  "system.task.failed",
  "$KV.workflow_state.forged",
  "leadership.plan.requested.high",
];

describe("fuzz: malformed, oversized and forged messages", () => {
  it("dead-letters every invalid request with its reason, refuses every forgery, keeps serving, and the next task completes", async () => {
    const invalid = invalidRequests(900);
    for (const payload of invalid) raw.publish("system.task.request", payload);
    for (let i = 0; i < 300; i++) raw.publish(FORGED[i % FORGED.length]!, JSON.stringify({ ...example(), forged: i }));
    await raw.flush();

    const { jsm } = busInternals(fleet.bus);
    const dlqCount = async () => (await jsm.streams.info("DLQ")).state.messages;
    await waitUntil(async () => (await dlqCount()) >= invalid.length, "every invalid request on the DLQ", 180_000);
    // No forgery got in: nothing on the forged subjects, no task state was written.
    for (const stream of ["DEVOPS", "QA", "DEVELOPMENT", "SYSTEM"]) {
      const info = await jsm.streams.info(stream, { subjects_filter: ">" });
      const subjects = Object.keys(info.state.subjects ?? {});
      expect(
        subjects.filter((s) => FORGED.some((f) => s.startsWith(f))),
        stream,
      ).toEqual([]);
    }
    expect(await fleet.bus.keys("workflow_state")).toEqual([]);
    for (const [name, child] of fleet.procs) expect(child.exitCode, name).toBeNull();

    const o = await runTask(fleet, "Add a dedupe helper after the fuzz", 120_000);
    expect(o.status).toBe("completed");
    expect(await dlqCount()).toBe(invalid.length);
  }, 400_000);
});
