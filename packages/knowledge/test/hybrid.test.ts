import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { stableId } from "@flotilla/contracts";
import {
  createKnowledgeStore,
  embedderFromEnv,
  KnowledgeError,
  type Embedder,
  type KnowledgeStore,
} from "../src/index.ts";
import { fakeEmbedding, startFakeEmbeddings, type FakeEmbeddings } from "./fake-embeddings.ts";
import {
  capturingLogger,
  logger as silent,
  qdrantFixture,
  qdrantGet,
  recordingProxy,
  type LogLine,
} from "./helpers.ts";

// Dense + BM25 end to end: the official OpenAI SDK against a fake embeddings server, a real
// Qdrant behind a recording proxy, and assertions on both sides' requests.
let q: Awaited<ReturnType<typeof qdrantFixture>>;
let proxy: Awaited<ReturnType<typeof recordingProxy>>;
let fake: FakeEmbeddings;
let embedder: Embedder;
let store: KnowledgeStore;
let logLines: LogLine[];

const C = "coding_standards";
const DOCS: Array<[string, string[]]> = [
  ["how to repair a car engine", ["mechanics"]],
  ["the doctor reviews the patient chart", ["health"]],
  ["engine tests run before every release", ["testing", "release"]],
  ["naming rules for public endpoints", ["api"]],
];
const id = (n: number) => stableId("hybrid-test", n);
const qdrantWrites = () => proxy.requests.filter((r) => r.method === "PUT" && r.path.includes("/points"));
/** The parts of Qdrant's query request the assertions look into (the rest is compared whole). */
interface QueryBody {
  query?: unknown;
  prefetch?: Array<{ query: unknown; filter?: unknown }>;
}
const lastQuery = () => proxy.requests.filter((r) => r.path.endsWith("/points/query")).at(-1)?.body as QueryBody;

beforeAll(async () => {
  q = await qdrantFixture();
  proxy = await recordingProxy(q.server.url);
  fake = await startFakeEmbeddings();
  embedder = (await embedderFromEnv({
    EMBEDDING_PROVIDER: "openai",
    OPENAI_API_KEY: "sk-test",
    OPENAI_BASE_URL: `${fake.url}/v1`,
    EMBEDDING_DIMENSIONS: "64",
  }))!;
  const captured = capturingLogger();
  logLines = captured.lines;
  store = createKnowledgeStore({ url: proxy.url, logger: captured.logger, embedder });
  await store.ensureCollections([C]);
}, 60_000);
afterAll(async () => {
  await proxy?.close();
  await fake?.close();
  await q?.stop();
});
beforeEach(() => {
  fake.requests.length = 0;
});

interface CollectionInfo {
  config: {
    params: { vectors: Record<string, unknown>; sparse_vectors?: Record<string, unknown> };
    metadata?: Record<string, unknown>;
  };
}

describe("collections with an embedder", () => {
  it("get a 64-dimension cosine `dense` vector beside bm25, and the model in their metadata", async () => {
    const info = await qdrantGet<CollectionInfo>(q.server.url, `/collections/${C}`);
    expect(info.config.params.vectors).toEqual({ dense: { size: 64, distance: "Cosine" } });
    expect(info.config.params.sparse_vectors).toEqual({ bm25: { modifier: "idf" } });
    expect(info.config.metadata).toEqual({ dense_model: "openai/text-embedding-3-small" });
  });
});

describe("upsert with an embedder", () => {
  it("sends every text to the provider in one request and writes each point's dense vector", async () => {
    const writesBefore = qdrantWrites().length;
    await store.upsert(
      C,
      DOCS.map(([text, tags], i) => ({ id: id(i), text, payload: { tags } })),
    );
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.body).toMatchObject({
      model: "text-embedding-3-small",
      input: DOCS.map(([t]) => t),
      dimensions: 64,
    });
    const writes = qdrantWrites().slice(writesBefore);
    expect(writes).toHaveLength(1);
    const points = (writes[0]!.body as { points: Array<{ vector: { bm25: unknown; dense: number[] } }> }).points;
    expect(points[0]!.vector.bm25).toEqual({ text: DOCS[0]![0], model: "qdrant/bm25" });
    expect(points[0]!.vector.dense).toHaveLength(64);
    points[0]!.vector.dense.forEach((x, j) => expect(x).toBeCloseTo(fakeEmbedding(DOCS[0]![0], 64)[j]!, 6));
    const stored = (await fetch(`${q.server.url}/collections/${C}/points/${id(1)}`).then((r) => r.json())) as {
      result: { vector: Record<string, unknown> };
    };
    expect(Object.keys(stored.result.vector).sort()).toEqual(["bm25", "dense"]);
  });
});

describe("hybrid search", () => {
  it("embeds the query and asks Qdrant for BM25 and dense prefetches fused by RRF", async () => {
    const hits = await store.search(C, "automobile repair", { limit: 2 });
    expect(fake.requests.map((r) => r.body.input)).toEqual([["automobile repair"]]);
    const body = lastQuery();
    expect(body).toEqual({
      prefetch: [
        { query: { text: "automobile repair", model: "qdrant/bm25" }, using: "bm25", limit: 8 },
        { query: expect.any(Array), using: "dense", limit: 8 },
      ],
      query: { fusion: "rrf" },
      limit: 2,
      with_payload: true,
    });
    (body.prefetch?.[1]?.query as number[]).forEach((x, j) =>
      expect(x).toBeCloseTo(fakeEmbedding("automobile repair", 64)[j]!, 6),
    );
    expect(hits[0]).toMatchObject({ id: id(0), payload: { text: DOCS[0]![0], tags: ["mechanics"] } });
    expect(hits).toHaveLength(2);
  });

  it("finds by meaning what BM25 alone does not (the fake folds automobile into car)", async () => {
    const sparse = await store.search(C, "automobile", { using: "sparse" });
    expect(sparse).toEqual([]);
    expect(lastQuery()).toMatchObject({ query: { text: "automobile", model: "qdrant/bm25" }, using: "bm25" });
    const hybrid = await store.search(C, "automobile", { limit: 1 });
    expect(hybrid.map((h) => h.id)).toEqual([id(0)]);
    const dense = await store.search(C, "physician", { using: "dense", limit: 1 });
    expect(dense.map((h) => h.id)).toEqual([id(1)]);
    expect(lastQuery()).toMatchObject({ query: expect.any(Array), using: "dense", limit: 1 });
  });

  it("puts the filter into both prefetches", async () => {
    const hits = await store.search(C, "engine", { filter: { tags: ["release", "api"] } });
    expect(hits.map((h) => h.id).sort()).toEqual([id(2), id(3)].sort());
    const filter = { must: [{ key: "tags", match: { any: ["release", "api"] } }] };
    expect(lastQuery().prefetch?.map((p) => p.filter)).toEqual([filter, filter]);
  });

  it("embeds one query text once for several collections", async () => {
    await store.ensureCollections(["design_principles"]);
    await Promise.all([C, "design_principles"].map((c) => store.search(c, "shared query text")));
    await store.search(C, "shared query text");
    expect(fake.requests.map((r) => r.body.input)).toEqual([["shared query text"]]);
  });

  it("falls back to BM25, with a warning, when the query cannot be embedded; `dense` fails instead", async () => {
    fake.failNext(500, 2); // the SDK retries once
    const hits = await store.search(C, "engine tests");
    expect(fake.requests).toHaveLength(2);
    expect(lastQuery()).toEqual({
      query: { text: "engine tests", model: "qdrant/bm25" },
      using: "bm25",
      limit: 10,
      with_payload: true,
    });
    expect(hits[0]!.id).toBe(id(2));
    expect(logLines.filter((l) => l.level === "warn" && /BM25 only/.test(l.msg)).at(-1)?.fields).toMatchObject({
      collection: C,
    });

    fake.failNext(500, 2);
    const err = await store.search(C, "another query", { using: "dense" }).catch((e: unknown) => e);
    expect(KnowledgeError.is(err)).toBe(true);
    expect(err).toMatchObject({ operation: "search", collection: C, isRetryable: true });
    expect((err as Error).message).toMatch(
      /failed while embedding: openai\/text-embedding-3-small: embedding failed with HTTP 500/,
    );
  });
});

describe("an embedding failure during upsert", () => {
  it("writes nothing and is a retryable KnowledgeError naming the operation", async () => {
    const before = await store.count(C);
    const writesBefore = qdrantWrites().length;
    fake.failNext(503, 2);
    const err = await store.upsert(C, [{ id: id(9), text: "never written", payload: {} }]).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "KnowledgeError", operation: "upsert", collection: C, isRetryable: true });
    expect(qdrantWrites().length).toBe(writesBefore);
    expect(await store.count(C)).toBe(before);
  });

  it("names the key variable when the provider refuses the key", async () => {
    fake.failNext(401);
    const err = await store.upsert(C, [{ id: id(9), text: "never written", payload: {} }]).catch((e: unknown) => e);
    expect(err).toMatchObject({ operation: "upsert", isRetryable: false, variable: "OPENAI_API_KEY" });
  });
});

describe("collections that cannot take the dense vectors", () => {
  it("keep working with BM25 only: no embedding, sparse queries, one warning each", async () => {
    // Made before there was an embedder, and by an embedder of another size.
    await createKnowledgeStore({ url: q.server.url, logger: silent }).ensureCollections(["legacy_sparse"]);
    const other = {
      provider: "openai",
      model: "small",
      dimensions: 8,
      embed: async (t: string[]) => t.map(() => new Array(8).fill(0.5)),
    };
    await createKnowledgeStore({ url: q.server.url, logger: silent, embedder: other }).ensureCollections([
      "other_size",
    ]);
    const warnings = () => logLines.filter((l) => l.level === "warn" && /re-ingest/.test(l.msg));
    const before = warnings().length;

    await store.ensureCollections(["legacy_sparse", "other_size"]);
    await store.ensureCollections(["legacy_sparse", "other_size"]);
    for (const c of ["legacy_sparse", "other_size"]) {
      await store.upsert(c, [{ id: id(20), text: "rollback steps for a failed release", payload: {} }]);
      const hits = await store.search(c, "release rollback");
      expect(hits.map((h) => h.id)).toEqual([id(20)]);
      expect(lastQuery()).toMatchObject({ using: "bm25" });
      expect(lastQuery().prefetch).toBeUndefined();
    }
    expect(fake.requests).toHaveLength(0);
    expect(
      warnings()
        .slice(before)
        .map((l) => [l.fields.collection, l.fields.reason])
        .sort(),
    ).toEqual([
      ["legacy_sparse", "it was created without a dense vector"],
      ["other_size", "its dense vector has 8 dimensions, the embedder gives 64"],
    ]);
    const err = await store.search("legacy_sparse", "release", { using: "dense" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "KnowledgeError", operation: "search", isRetryable: false });
  });

  it("a store that never ensured the collection learns its dense vector on first use", async () => {
    const fresh = createKnowledgeStore({ url: proxy.url, logger: silent, embedder });
    const hits = await fresh.search(C, "automobile", { limit: 1 });
    expect(hits.map((h) => h.id)).toEqual([id(0)]);
    expect(lastQuery().query).toEqual({ fusion: "rrf" });
  });
});
