import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEYWORD_INDEXES, KnowledgeError } from "../src/index.ts";
import { qdrantFixture, qdrantGet } from "./helpers.ts";

let q: Awaited<ReturnType<typeof qdrantFixture>>;

beforeAll(async () => {
  q = await qdrantFixture();
}, 60_000);
afterAll(async () => {
  await q?.stop();
});

interface CollectionInfo {
  config: { params: { vectors: Record<string, unknown>; sparse_vectors?: Record<string, { modifier?: string }> } };
  payload_schema: Record<string, { data_type: string }>;
}

describe("ensureCollections", () => {
  it("creates a BM25 sparse vector with idf and keyword indexes", async () => {
    await q.store.ensureCollections(["team_votes"]);
    const info = await qdrantGet<CollectionInfo>(q.server.url, "/collections/team_votes");
    expect(info.config.params.sparse_vectors).toEqual({ bm25: { modifier: "idf" } });
    expect(info.config.params.vectors).toEqual({}); // no dense vector without an embedder
    const indexed = Object.fromEntries(Object.entries(info.payload_schema).map(([k, v]) => [k, v.data_type]));
    expect(indexed).toEqual(Object.fromEntries(KEYWORD_INDEXES.map((k) => [k, "keyword"])));
    expect(Object.keys(indexed).sort()).toEqual([
      "agent",
      "collection",
      "kind",
      "model",
      "source",
      "tags",
      "task_id",
      "team",
    ]);
  });

  it("is idempotent when called again", async () => {
    await q.store.ensureCollections(["team_votes", "agent_memory"]);
    await q.store.ensureCollections(["team_votes", "agent_memory"]);
    const { collections } = await qdrantGet<{ collections: { name: string }[] }>(q.server.url, "/collections");
    expect(collections.map((c) => c.name).sort()).toEqual(["agent_memory", "team_votes"]);
  });

  it("succeeds when several processes race to create the same collections", async () => {
    const names = ["race_a", "race_b", "race_c"];
    await Promise.all([1, 2, 3].map(() => q.store.ensureCollections(names)));
    for (const name of names) {
      const info = await qdrantGet<CollectionInfo>(q.server.url, `/collections/${name}`);
      expect(info.config.params.sparse_vectors?.bm25?.modifier).toBe("idf");
      expect(Object.keys(info.payload_schema)).toHaveLength(KEYWORD_INDEXES.length);
    }
  });

  it("refuses an existing collection that lacks the bm25 vector", async () => {
    await fetch(`${q.server.url}/collections/legacy`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ vectors: { size: 4, distance: "Cosine" } }),
    });
    const err = await q.store.ensureCollections(["legacy"]).catch((e: unknown) => e);
    expect(KnowledgeError.is(err)).toBe(true);
    expect(err).toMatchObject({
      name: "KnowledgeError",
      operation: "ensureCollections",
      collection: "legacy",
      isRetryable: false,
    });
  });

  it("deleteCollection drops a collection and tolerates a missing one", async () => {
    await q.store.ensureCollections(["doomed"]);
    await q.store.deleteCollection("doomed");
    await q.store.deleteCollection("doomed");
    expect(await qdrantGet(q.server.url, "/collections/doomed/exists")).toEqual({ exists: false });
  });
});
