import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stableId } from "@flotilla/contracts";
import { qdrantFixture } from "./helpers.ts";

let q: Awaited<ReturnType<typeof qdrantFixture>>;
const C = "agent_memory";

beforeAll(async () => {
  q = await qdrantFixture();
  await q.store.ensureCollections([C]);
  // 250 matching points: more than two internal pages of 100. Plus 30 that must not match.
  const points = Array.from({ length: 280 }, (_, i) => ({
    id: stableId("list-test", i),
    text: `lesson number ${i}`,
    payload: { task_id: i < 250 ? "t-1" : "t-2", n: i },
  }));
  await q.store.upsert(C, points);
}, 60_000);
afterAll(async () => {
  await q?.stop();
});

describe("list", () => {
  it("follows pagination to return every matching point", async () => {
    const all = await q.store.list(C, { task_id: "t-1" });
    expect(all).toHaveLength(250);
    expect(new Set(all.map((p) => p.id)).size).toBe(250);
    expect(all.map((p) => p.payload.n as number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 250 }, (_, i) => i),
    );
    expect(all.every((p) => p.payload.task_id === "t-1" && typeof p.payload.text === "string")).toBe(true);
  });

  it("stops at limit, across pages too", async () => {
    expect(await q.store.list(C, { task_id: "t-1" }, 150)).toHaveLength(150);
    expect(await q.store.list(C, { task_id: "t-2" }, 5)).toHaveLength(5);
  });

  it("lists the whole collection with an empty filter", async () => {
    expect(await q.store.list(C, {})).toHaveLength(280);
  });
});
