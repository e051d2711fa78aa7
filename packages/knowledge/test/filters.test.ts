import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { stableId } from "@flotilla/contracts";
import { KnowledgeError } from "../src/index.ts";
import { qdrantFixture } from "./helpers.ts";

// Sparse-only store: list filters, tags (match any), and the two deletes.
let q: Awaited<ReturnType<typeof qdrantFixture>>;
const C = "documentation_index";
const id = (n: number) => stableId("filters-test", n);
const POINTS = [
  { id: id(0), text: "api naming guide", payload: { source: "docs/api.md", tags: ["api", "naming"] } },
  { id: id(1), text: "api versioning guide", payload: { source: "docs/api.md", tags: ["api"] } },
  { id: id(2), text: "release checklist", payload: { source: "docs/release.md", tags: ["release"] } },
  { id: id(3), text: "naming of branches", payload: { source: "docs/git.md", tags: ["git", "naming"] } },
  { id: id(4), text: "untagged note", payload: { source: "docs/misc.md" } },
];
const ids = (records: Array<{ id: string }>) => records.map((r) => r.id).sort();

beforeAll(async () => {
  q = await qdrantFixture();
}, 60_000);
afterAll(async () => {
  await q?.stop();
});
beforeEach(async () => {
  await q.store.deleteCollection(C);
  await q.store.ensureCollections([C]);
  await q.store.upsert(C, POINTS);
});

describe("tags filter", () => {
  it("matches points having any of the tags, in list, count and search", async () => {
    expect(ids(await q.store.list(C, { tags: ["naming", "release"] }))).toEqual(
      ids([POINTS[0]!, POINTS[2]!, POINTS[3]!]),
    );
    expect(await q.store.count(C, { tags: ["git"] })).toBe(1);
    expect(ids(await q.store.search(C, "guide naming", { filter: { tags: ["naming"] } }))).toEqual(
      ids([POINTS[0]!, POINTS[3]!]),
    );
  });

  it("combines with exact matches (all must hold), and an empty list matches nothing", async () => {
    expect(ids(await q.store.list(C, { source: "docs/api.md", tags: ["naming"] }))).toEqual([id(0)]);
    expect(await q.store.count(C, { tags: [] })).toBe(0);
    expect(await q.store.count(C, { source: "docs/api.md" })).toBe(2);
  });
});

describe("deleteByFilter", () => {
  it("removes exactly the matching points", async () => {
    await q.store.deleteByFilter(C, { source: "docs/api.md" });
    expect(ids(await q.store.list(C, {}))).toEqual([id(2), id(3), id(4)].sort());
    await q.store.deleteByFilter(C, { tags: ["naming", "release"] });
    expect(ids(await q.store.list(C, {}))).toEqual([id(4)]);
    // Visible at once to BM25 too (wait: true).
    expect(await q.store.search(C, "release checklist")).toEqual([]);
  });

  it("refuses an empty filter instead of deleting everything", async () => {
    const err = await q.store.deleteByFilter(C, {}).catch((e: unknown) => e);
    expect(KnowledgeError.is(err)).toBe(true);
    expect(err).toMatchObject({ operation: "deleteByFilter", collection: C, isRetryable: false });
    expect(await q.store.count(C)).toBe(POINTS.length);
  });
});

describe("deletePoints", () => {
  it("removes the given ids only, ignoring unknown ones", async () => {
    await q.store.deletePoints(C, [id(1), id(3), stableId("filters-test", "missing")]);
    expect(ids(await q.store.list(C, {}))).toEqual([id(0), id(2), id(4)].sort());
    await q.store.deletePoints(C, []);
    expect(await q.store.count(C)).toBe(3);
  });

  it("fails as a KnowledgeError on a missing collection", async () => {
    const err = await q.store.deletePoints("no_such_collection", [id(0)]).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "KnowledgeError", operation: "deletePoints", status: 404 });
  });
});
