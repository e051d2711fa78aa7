import { describe, expect, it } from "vitest";
import {
  allJsonSchemas,
  DLQ_INLINE_MAX,
  DlqEntry,
  envelope,
  ITEMS,
  JSON_RECORD_MAX,
  MAX,
  TASK_LIMITS,
  TaskRequest,
} from "@flotilla/contracts";

/** NATS' default max_payload: every message must fit, with room to spare. */
const MAX_PAYLOAD = 1024 * 1024;

type Schema = Record<string, unknown>;

/** Unbounded values allowed anyway, each with why it is bounded all the same. */
const EXCEPTIONS: ReadonlyArray<{ test: (node: Schema) => boolean; reason: string }> = [
  { test: (n) => n.format === "uuid", reason: "the uuid pattern admits exactly 36 characters" },
];

const isType = (node: Schema, type: string) =>
  node.type === type || (Array.isArray(node.type) && node.type.includes(type));

/** Every string without maxLength, array without maxItems and record without maxProperties, by path. */
function unbounded(node: unknown, path: string, found: string[]): string[] {
  if (!node || typeof node !== "object") return found;
  const n = node as Schema;
  const excused = EXCEPTIONS.some((e) => e.test(n));
  const fixed = "enum" in n || "const" in n;
  if (!excused && !fixed) {
    if (isType(n, "string") && n.maxLength === undefined) found.push(`${path}: string without maxLength`);
    if (isType(n, "array") && n.maxItems === undefined) found.push(`${path}: array without maxItems`);
    if (isType(n, "object") && n.propertyNames !== undefined && n.maxProperties === undefined)
      found.push(`${path}: record without maxProperties`);
  }
  for (const [key, child] of Object.entries(n)) {
    if (key === "properties" || key === "$defs" || key === "definitions") {
      for (const [name, sub] of Object.entries(child as Schema)) unbounded(sub, `${path}.${name}`, found);
    } else if (Array.isArray(child)) {
      child.forEach((sub, i) => unbounded(sub, `${path}/${key}[${i}]`, found));
    } else if (typeof child === "object" && key !== "default") {
      unbounded(child, `${path}/${key}`, found);
    }
  }
  return found;
}

/** Characters JSON needs at most for them: a control character is written as \u00XX. */
const worst = (n: number) => "\u0001".repeat(n);
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe("size limits", () => {
  it("every string, list and record of every message's JSON Schema has a declared limit", () => {
    const problems = Object.entries(allJsonSchemas()).flatMap(([file, text]) =>
      unbounded(JSON.parse(text), file.replace(/\.json$/, ""), []),
    );
    expect(problems).toEqual([]);
  });

  it("the walk finds an unbounded string, array and record", () => {
    const schema = {
      type: "object",
      properties: {
        a: { type: "string" },
        b: { type: "array", items: { type: "string", maxLength: 3 } },
        c: { type: "object", propertyNames: { type: "string", maxLength: 3 }, additionalProperties: {} },
        d: { anyOf: [{ type: "string", maxLength: 3 }, { type: "null" }] },
      },
    };
    expect(unbounded(schema, "X", [])).toEqual([
      "X.a: string without maxLength",
      "X.b: array without maxItems",
      "X.c: record without maxProperties",
    ]);
  });

  it("a TaskRequest at every limit is well under max_payload", () => {
    const request = {
      ...envelope({ sender: { team: "external", agent: "a".repeat(MAX.id), instance_id: "i".repeat(MAX.id) } }),
      correlation_id: worst(MAX.id),
      trace_id: worst(MAX.id),
      task: {
        description: worst(TASK_LIMITS.description),
        requirements: Array.from({ length: TASK_LIMITS.requirements }, () => worst(TASK_LIMITS.requirement)),
        priority: "high",
        context: { blob: "x".repeat(JSON_RECORD_MAX - 20) },
        repo: { path: worst(MAX.path), base_ref: worst(MAX.line) },
      },
      requester: { user_id: worst(MAX.id) },
    };
    expect(TaskRequest.safeParse(request).success).toBe(true);
    expect(bytes(request)).toBeLessThan(MAX_PAYLOAD / 2);
  });

  it("a DLQ entry at every limit fits max_payload, so a dead letter is never refused for its size", () => {
    const headers = Object.fromEntries(
      Array.from({ length: ITEMS.few }, (_, i) => [`${i}`.padEnd(MAX.id, "h"), worst(MAX.line)]),
    );
    const entry = {
      ...envelope({ sender: { team: worst(MAX.id), agent: "bus", instance_id: worst(MAX.id) } }),
      correlation_id: worst(MAX.id),
      dlq_metadata: {
        team: worst(MAX.id),
        consumer: worst(MAX.id),
        original_subject: worst(MAX.line),
        failure_count: 5,
        first_failure_timestamp: new Date().toISOString(),
        last_failure_timestamp: new Date().toISOString(),
        reason: "schema_violation",
        failure_reason: worst(MAX.text),
        original_message: worst(DLQ_INLINE_MAX),
        original_message_ref: { object_store: "dlq_payloads", key: "k".repeat(512) },
        original_headers: headers,
        task_id: worst(MAX.id),
      },
      recovery_instructions: { manual_intervention_required: true, replay_subject: worst(MAX.line) },
    };
    expect(DlqEntry.safeParse(entry).success).toBe(true);
    expect(bytes(entry)).toBeLessThan(0.75 * MAX_PAYLOAD);
  });

  it("refuses a correlation_id over its limit and a context record over its size", () => {
    const base = {
      ...envelope({ sender: { team: "external", agent: "t", instance_id: "t" } }),
      task: { description: "x" },
    };
    expect(TaskRequest.safeParse({ ...base, correlation_id: "c".repeat(MAX.id + 1) }).success).toBe(false);
    const context = { blob: "x".repeat(JSON_RECORD_MAX) };
    expect(TaskRequest.safeParse({ ...base, task: { description: "x", context } }).success).toBe(false);
  });
});
