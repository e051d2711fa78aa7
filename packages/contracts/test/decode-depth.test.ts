import { describe, expect, it } from "vitest";
import { decode, envelope, MAX_JSON_DEPTH, type TaskRequest } from "@flotilla/contracts";

const sender = { team: "external", agent: "test", instance_id: "t" };
const request = (context: unknown) => ({ ...envelope({ sender }), task: { description: "do it", context } });
const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

describe("decode of deeply nested JSON", () => {
  it("refuses 10,000 nested arrays as a schema violation with a clear reason, without overflowing the stack", () => {
    const head = JSON.stringify(request({ x: 1 })).replace('{"x":1}', `{"x":${nested(10_000)}}`);
    const d = decode("system.task.request", head);
    expect(d).toMatchObject({ ok: false, reason: "schema_violation" });
    expect(!d.ok && d.detail).toMatch(`nested deeper than ${MAX_JSON_DEPTH} levels`);
    expect(decode("system.task.request", nested(100_000))).toMatchObject({ ok: false, reason: "schema_violation" });
  });

  it("accepts nesting up to the limit, and brackets inside strings do not count", () => {
    const ok = decode<TaskRequest>("system.task.request", JSON.stringify(request({ deep: JSON.parse(nested(60)) })));
    expect(ok.ok).toBe(true);
    const text = JSON.stringify(request({ note: `[{\\"${nested(200)}` }));
    expect(decode("system.task.request", text).ok).toBe(true);
  });

  it("counts the message's own object as a level", () => {
    const at = (depth: number) => JSON.stringify(request({ deep: JSON.parse(nested(depth)) }));
    // message { task { context { deep [ ... ] } } }: three levels above `deep`.
    expect(decode("system.task.request", at(MAX_JSON_DEPTH - 3)).ok).toBe(true);
    expect(decode("system.task.request", at(MAX_JSON_DEPTH - 2)).ok).toBe(false);
  });
});
