import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  allJsonSchemas,
  decode,
  envelope,
  ObjectRef,
  SUBJECTS,
  STREAMS,
  validateOutgoing,
  MESSAGES,
  type TaskRequest,
} from "@flotilla/contracts";

const ROOT = resolve(import.meta.dirname, "../../..");
const sender = { team: "external", agent: "test", instance_id: "t" };
const request = () => ({ ...envelope({ sender }), task: { description: "do it" } });

describe("decode", () => {
  it("accepts a valid message and fills defaults", () => {
    const d = decode<TaskRequest>("system.task.request", JSON.stringify(request()));
    expect(d.ok && d.message.task.priority).toBe("medium");
  });
  it("names the reason for malformed JSON, unknown versions and schema violations", () => {
    expect(decode("system.task.request", "{oops")).toMatchObject({ ok: false, reason: "invalid_json" });
    expect(decode("system.task.request", JSON.stringify({ ...request(), message_version: "2.0" }))).toMatchObject({
      ok: false,
      reason: "unknown_version",
    });
    const bad = decode("system.task.request", JSON.stringify({ ...request(), task: { description: "" } }));
    expect(bad).toMatchObject({ ok: false, reason: "schema_violation" });
    expect(!bad.ok && bad.detail).toMatch(/task\.description/);
    expect(decode("no.such.subject", "{}")).toMatchObject({ ok: false, reason: "unknown_subject" });
  });
  it("upgrades a 0.9 TaskRequest to 1.0", () => {
    const { message_id, timestamp } = envelope({ sender });
    const d = decode(
      "system.task.request",
      JSON.stringify({ message_version: "0.9", message_id, timestamp, description: "legacy", priority: "high" }),
    );
    expect(d).toMatchObject({
      ok: true,
      upgradedFrom: "0.9",
      message: { message_version: "1.0", task: { description: "legacy", priority: "high" } },
    });
  });
  it("refuses to publish an invalid message", () => {
    expect(() => validateOutgoing("system.task.request", { ...request(), task: {} })).toThrow(/TaskRequest/);
  });
});

describe("object references", () => {
  it("reject path traversal and odd characters", () => {
    expect(ObjectRef.safeParse({ object_store: "code_artifacts", key: "a/../../etc" }).success).toBe(false);
    expect(ObjectRef.safeParse({ object_store: "code_artifacts", key: "a b" }).success).toBe(false);
    expect(ObjectRef.safeParse({ object_store: "nope", key: "a" }).success).toBe(false);
    expect(ObjectRef.safeParse({ object_store: "code_artifacts", key: "t/implement/r1/code.json" }).success).toBe(true);
  });
});

describe("catalogue and exported schemas", () => {
  it("maps every subject to a known message and a stream that holds it", () => {
    for (const e of SUBJECTS) {
      expect(MESSAGES[e.message], e.subject).toBeDefined();
      const patterns = STREAMS[e.stream].subjects as readonly string[];
      // Every stream pattern ends in ">", so a subject belongs to it when it starts with the prefix.
      expect(
        patterns.some((p) => e.subject.startsWith(p.slice(0, -1))),
        e.subject,
      ).toBe(true);
    }
  });
  it("has the JSON Schema files in the repo up to date (run `pnpm schemas` after changing a message)", () => {
    const files = allJsonSchemas();
    expect(readdirSync(join(ROOT, "schemas")).sort()).toEqual(Object.keys(files).sort());
    for (const [name, text] of Object.entries(files))
      expect(readFileSync(join(ROOT, "schemas", name), "utf8"), name).toBe(text);
  });
  it("ships an example TaskRequest that validates as is", () => {
    expect(decode("system.task.request", readFileSync(join(ROOT, "examples/task-request.json"))).ok).toBe(true);
  });
});
