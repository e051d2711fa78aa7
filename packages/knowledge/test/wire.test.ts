import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stableId } from "@flotilla/contracts";
import { createKnowledgeStore, type KnowledgeStore } from "../src/index.ts";
import { logger, qdrantFixture, recordingProxy } from "./helpers.ts";

// Asserts the request bodies themselves: BM25 must be computed by the server from Documents.
let q: Awaited<ReturnType<typeof qdrantFixture>>;
let proxy: Awaited<ReturnType<typeof recordingProxy>>;
let store: KnowledgeStore;

beforeAll(async () => {
  q = await qdrantFixture();
  proxy = await recordingProxy(q.server.url);
  store = createKnowledgeStore({ url: proxy.url, logger });
  await store.ensureCollections(["coding_standards"]);
}, 60_000);
afterAll(async () => {
  await proxy?.close();
  await q?.stop();
});

describe("wire format", () => {
  it("creates the collection with a bm25 idf sparse vector", () => {
    expect(proxy.requests).toContainEqual({
      method: "PUT",
      path: "/collections/coding_standards",
      body: { sparse_vectors: { bm25: { modifier: "idf" } } },
    });
  });

  it("upserts text as a qdrant/bm25 Document, waiting for the write", async () => {
    const id = stableId("wire", 1);
    await store.upsert("coding_standards", [{ id, text: "Prefer small files", payload: { source: "docs/style.md" } }]);
    expect(proxy.requests.at(-1)).toEqual({
      method: "PUT",
      path: "/collections/coding_standards/points?wait=true",
      body: {
        points: [
          {
            id,
            vector: { bm25: { text: "Prefer small files", model: "qdrant/bm25" } },
            payload: { source: "docs/style.md", text: "Prefer small files" },
          },
        ],
      },
    });
  });

  it("queries through the Query API with using bm25 and an exact-match filter", async () => {
    const hits = await store.search("coding_standards", "small file", {
      limit: 3,
      filter: { source: "docs/style.md" },
    });
    expect(hits).toHaveLength(1);
    expect(proxy.requests.at(-1)).toEqual({
      method: "POST",
      path: "/collections/coding_standards/points/query",
      body: {
        query: { text: "small file", model: "qdrant/bm25" },
        using: "bm25",
        filter: { must: [{ key: "source", match: { value: "docs/style.md" } }] },
        limit: 3,
        with_payload: true,
      },
    });
  });

  it("asks for uncompressed answers (compressed ones stall ~40 ms on Nagle and delayed ACKs)", () => {
    expect(proxy.headers.at(-1)?.["accept-encoding"]).toBe("identity");
  });
});
