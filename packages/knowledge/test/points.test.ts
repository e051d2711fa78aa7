import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stableId } from "@flotilla/contracts";
import { qdrantFixture } from "./helpers.ts";

let q: Awaited<ReturnType<typeof qdrantFixture>>;
const C = "team_votes";
const id = (n: number) => stableId("knowledge-test", n);

const TEXTS: Array<[string, string]> = [
  ["the voter stores a rating", "qa"],
  ["deploy the service to production", "devops"],
  ["store the build artifacts in the object store", "devops"], // shares only "store" with the query
  ["write documentation for the public api", "documentation"],
  ["the reviewer rejected the build because tests failed", "qa"],
];

beforeAll(async () => {
  q = await qdrantFixture();
  await q.store.ensureCollections([C]);
  await q.store.upsert(
    C,
    TEXTS.map(([text, team], i) => ({ id: id(i), text, payload: { team, kind: "note" } })),
  );
}, 60_000);
afterAll(async () => {
  await q?.stop();
});

describe("search", () => {
  it("finds a text by other inflections and word order, best first", async () => {
    const hits = await q.store.search(C, "ratings stored by voters");
    expect(hits[0]).toMatchObject({
      id: id(0),
      payload: { text: "the voter stores a rating", team: "qa", kind: "note" },
    });
    expect(hits.map((h) => h.id)).toEqual([id(0), id(2)]); // nothing without a shared stem
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
  });

  it("restricts results by an exact payload filter", async () => {
    const devops = await q.store.search(C, "ratings stored by voters", { filter: { team: "devops" } });
    expect(devops.map((h) => h.id)).toEqual([id(2)]);
    const qa = await q.store.search(C, "build", { filter: { team: "qa", kind: "note" } });
    expect(qa.map((h) => h.id)).toEqual([id(4)]);
    expect(await q.store.search(C, "build", { filter: { team: "nobody" } })).toEqual([]);
  });

  it("honours limit", async () => {
    expect(await q.store.search(C, "store build rating", { limit: 1 })).toHaveLength(1);
  });
});

describe("upsert, count, retrieve", () => {
  it("is idempotent for the same id and replaces the payload", async () => {
    const before = await q.store.count(C);
    expect(before).toBe(TEXTS.length);
    await q.store.upsert(C, [
      { id: id(0), text: "the voter stores a rating", payload: { team: "qa", kind: "note", agent: "a2" } },
    ]);
    await q.store.upsert(C, [
      { id: id(0), text: "the voter stores a rating", payload: { team: "qa", kind: "note", agent: "a2" } },
    ]);
    expect(await q.store.count(C)).toBe(before);
    expect(await q.store.count(C, { agent: "a2" })).toBe(1);
    expect(await q.store.count(C, { team: "devops" })).toBe(2);
  });

  it("retrieves by id in the order asked, leaving out unknown ids", async () => {
    // Upper case on purpose: Qdrant answers with canonical lower-case uuids.
    const got = await q.store.retrieve(C, [id(3).toUpperCase(), stableId("missing"), id(1)]);
    expect(got).toEqual([
      { id: id(3), payload: { text: TEXTS[3]![0], team: "documentation", kind: "note" } },
      { id: id(1), payload: { text: TEXTS[1]![0], team: "devops", kind: "note" } },
    ]);
  });
});
