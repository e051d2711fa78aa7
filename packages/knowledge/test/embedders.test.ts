import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ProviderError } from "@flotilla/models";
import {
  createGeminiEmbedder,
  createOllamaEmbedder,
  createOpenAIEmbedder,
  embedderFromEnv,
  embeddingChoiceFromEnv,
  KnowledgeError,
} from "../src/index.ts";
import { fakeEmbedding, startFakeEmbeddings, type FakeEmbeddings } from "./fake-embeddings.ts";

let fake: FakeEmbeddings;
const KEY = "sk-test-secret-4242";

beforeAll(async () => {
  fake = await startFakeEmbeddings({ defaultDimensions: 48 });
});
afterAll(async () => {
  await fake?.close();
});
beforeEach(() => {
  fake.requests.length = 0;
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail("expected a failure"),
    (e: unknown) => e,
  );
}

describe("embedderFromEnv: the variables", () => {
  it("rejects an unknown EMBEDDING_PROVIDER, naming the variable", async () => {
    const err = await failure(embedderFromEnv({ EMBEDDING_PROVIDER: "bogus" }));
    expect(KnowledgeError.is(err)).toBe(true);
    expect(err).toMatchObject({ variable: "EMBEDDING_PROVIDER", isRetryable: false });
    expect((err as Error).message).toMatch(
      /^EMBEDDING_PROVIDER must be one of none, auto, openai, google, ollama; got "bogus"/,
    );
  });

  it("rejects an EMBEDDING_DIMENSIONS that is not a positive whole number", () => {
    for (const bad of ["0", "-3", "1.5", "abc", "70000"]) {
      expect(() =>
        embeddingChoiceFromEnv({ EMBEDDING_PROVIDER: "openai", OPENAI_API_KEY: KEY, EMBEDDING_DIMENSIONS: bad }),
      ).toThrow(/^EMBEDDING_DIMENSIONS must be/);
    }
  });

  it("is BM25 only with no provider, none, or auto with nothing configured", async () => {
    expect(await embedderFromEnv({})).toBeUndefined();
    expect(await embedderFromEnv({ EMBEDDING_PROVIDER: "none", OPENAI_API_KEY: KEY })).toBeUndefined();
    expect(await embedderFromEnv({ EMBEDDING_PROVIDER: "auto", ANTHROPIC_API_KEY: KEY })).toBeUndefined();
    expect(fake.requests).toHaveLength(0);
  });

  it("auto takes the first configured of openai, google, ollama", () => {
    const pick = (env: NodeJS.ProcessEnv) => embeddingChoiceFromEnv({ EMBEDDING_PROVIDER: "auto", ...env })?.provider;
    expect(pick({ OPENAI_API_KEY: KEY, GOOGLE_API_KEY: KEY, OLLAMA_BASE_URL: fake.url })).toBe("openai");
    expect(pick({ GOOGLE_API_KEY: KEY, OLLAMA_BASE_URL: fake.url })).toBe("google");
    expect(pick({ OLLAMA_BASE_URL: fake.url })).toBe("ollama");
  });

  it("names the missing key of an explicit provider, without any key value", () => {
    expect(() => embeddingChoiceFromEnv({ EMBEDDING_PROVIDER: "openai" })).toThrow(
      expect.objectContaining({ variable: "OPENAI_API_KEY" }),
    );
    expect(() => embeddingChoiceFromEnv({ EMBEDDING_PROVIDER: "google", OPENAI_API_KEY: KEY })).toThrow(
      /needs GOOGLE_API_KEY/,
    );
  });
});

describe("OpenAI embedder (official SDK against a fake server)", () => {
  const env = { EMBEDDING_PROVIDER: "openai", OPENAI_API_KEY: KEY, EMBEDDING_DIMENSIONS: "64" };

  it("sends model, inputs and dimensions, and returns the server's vectors in order", async () => {
    const embedder = (await embedderFromEnv({ ...env, OPENAI_BASE_URL: `${fake.url}/v1` }))!;
    expect(embedder).toMatchObject({ provider: "openai", model: "text-embedding-3-small", dimensions: 64 });
    expect(fake.requests).toHaveLength(0); // a known model needs no probe
    const vectors = await embedder.embed(["alpha beta", "gamma"]);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ path: "/v1/embeddings", headers: { authorization: `Bearer ${KEY}` } });
    expect(fake.requests[0]!.body).toEqual({
      model: "text-embedding-3-small",
      input: ["alpha beta", "gamma"],
      dimensions: 64,
      encoding_format: "base64",
    });
    expect(vectors).toHaveLength(2);
    vectors.forEach((v, i) =>
      v.forEach((x, j) => expect(x).toBeCloseTo(fakeEmbedding(["alpha beta", "gamma"][i]!, 64)[j]!, 6)),
    );
  });

  it("honours EMBEDDING_MODEL and splits large inputs into batches", async () => {
    const embedder = await createOpenAIEmbedder({
      apiKey: KEY,
      baseURL: `${fake.url}/v1`,
      model: "text-embedding-3-large",
      dimensions: 64,
      batchSize: 2,
    });
    const vectors = await embedder.embed(["one", "two", "three", "four", "five"]);
    expect(vectors).toHaveLength(5);
    expect(fake.requests.map((r) => r.body.input)).toEqual([["one", "two"], ["three", "four"], ["five"]]);
    expect(fake.requests.every((r) => r.body.model === "text-embedding-3-large")).toBe(true);
  });

  it("fails with a ProviderError naming the key variable on 401, never showing the key", async () => {
    const embedder = await createOpenAIEmbedder({
      apiKey: KEY,
      baseURL: `${fake.url}/v1`,
      dimensions: 64,
      maxRetries: 0,
    });
    fake.failNext(401);
    const err = await failure(embedder.embed(["x"]));
    expect(ProviderError.is(err)).toBe(true);
    expect(err).toMatchObject({
      provider: "openai",
      kind: "auth",
      status: 401,
      variable: "OPENAI_API_KEY",
      isRetryable: false,
    });
    expect((err as Error).message).toMatch(/check OPENAI_API_KEY/);
    expect(JSON.stringify({ message: (err as Error).message, ...(err as object) })).not.toContain(KEY);
  });

  it("retries a 500 once by default, and a second one is a retryable ProviderError", async () => {
    const embedder = await createOpenAIEmbedder({ apiKey: KEY, baseURL: `${fake.url}/v1`, dimensions: 64 });
    fake.failNext(500, 2);
    const err = await failure(embedder.embed(["x"]));
    expect(fake.requests).toHaveLength(2);
    expect(err).toMatchObject({ kind: "server", status: 500, isRetryable: true });
  });

  it("is a connection error naming OPENAI_BASE_URL when nothing answers", async () => {
    const embedder = await createOpenAIEmbedder({
      apiKey: KEY,
      baseURL: "http://127.0.0.1:1/v1",
      dimensions: 64,
      maxRetries: 0,
    });
    expect(await failure(embedder.embed(["x"]))).toMatchObject({
      kind: "connection",
      variable: "OPENAI_BASE_URL",
      isRetryable: true,
    });
  });

  it("probes the size of a model it does not know, and refuses vectors of another size than expected", async () => {
    const unknown = await createOpenAIEmbedder({
      apiKey: KEY,
      baseURL: `${fake.url}/v1`,
      model: "some-compatible-model",
    });
    expect(unknown.dimensions).toBe(48); // the fake's size when none is asked for
    expect(fake.requests.map((r) => r.body.input)).toEqual([["dimension probe"]]);
    // text-embedding-3-small is known to be 1536 wide; this server answers 48.
    const known = await createOpenAIEmbedder({ apiKey: KEY, baseURL: `${fake.url}/v1` });
    const err = await failure(known.embed(["x"]));
    expect(err).toMatchObject({ kind: "invalid_output", isRetryable: false });
    expect((err as Error).message).toMatch(/48-dimension embedding where 1536 were expected/);
  });
});

describe("Gemini embedder (@google/genai against a fake server)", () => {
  it("sends one batchEmbedContents with outputDimensionality and returns the vectors", async () => {
    const embedder = (await embedderFromEnv({
      EMBEDDING_PROVIDER: "google",
      GOOGLE_API_KEY: KEY,
      GOOGLE_GEMINI_BASE_URL: fake.url,
      EMBEDDING_DIMENSIONS: "32",
    }))!;
    expect(embedder).toMatchObject({ provider: "google", model: "gemini-embedding-001", dimensions: 32 });
    const vectors = await embedder.embed(["alpha", "beta"]);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.path).toBe("/v1beta/models/gemini-embedding-001:batchEmbedContents");
    expect(fake.requests[0]!.headers["x-goog-api-key"]).toBe(KEY);
    expect(fake.requests[0]!.body.requests).toEqual([
      {
        model: "models/gemini-embedding-001",
        content: { role: "user", parts: [{ text: "alpha" }] },
        outputDimensionality: 32,
      },
      {
        model: "models/gemini-embedding-001",
        content: { role: "user", parts: [{ text: "beta" }] },
        outputDimensionality: 32,
      },
    ]);
    expect(vectors.map((v) => v.length)).toEqual([32, 32]);
    expect(vectors[1]![0]).toBeCloseTo(fakeEmbedding("beta", 32)[0]!, 6);
  });

  it("knows text-embedding-004 is 768 wide, and a 403 names GOOGLE_API_KEY", async () => {
    const embedder = await createGeminiEmbedder({
      apiKey: KEY,
      baseURL: fake.url,
      model: "text-embedding-004",
      maxRetries: 0,
    });
    expect(embedder.dimensions).toBe(768);
    fake.failNext(403);
    const err = await failure(embedder.embed(["x"]));
    expect(err).toMatchObject({ provider: "google", kind: "auth", variable: "GOOGLE_API_KEY" });
    expect((err as Error).message).not.toContain(KEY);
  });
});

describe("Ollama embedder (OpenAI protocol)", () => {
  it("learns its size from one probe, asking for floats, with OLLAMA_BASE_URL with or without /v1", async () => {
    for (const base of [`${fake.url}/v1`, fake.url]) {
      fake.requests.length = 0;
      const embedder = (await embedderFromEnv({ EMBEDDING_PROVIDER: "ollama", OLLAMA_BASE_URL: base }))!;
      expect(embedder).toMatchObject({ provider: "ollama", model: "nomic-embed-text", dimensions: 48 });
      expect(fake.requests).toHaveLength(1);
      expect(fake.requests[0]).toMatchObject({
        path: "/v1/embeddings",
        body: { model: "nomic-embed-text", input: ["dimension probe"], encoding_format: "float" },
      });
    }
  });

  it("fails at creation, naming OLLAMA_BASE_URL, when the server is not there", async () => {
    const err = await failure(createOllamaEmbedder({ baseURL: "http://127.0.0.1:1", maxRetries: 0 }));
    expect(err).toMatchObject({ provider: "ollama", kind: "connection", variable: "OLLAMA_BASE_URL" });
  });
});
