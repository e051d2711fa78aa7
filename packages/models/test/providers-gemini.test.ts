import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AdapterRequest } from "../src/adapter.ts";
import { ProviderError } from "../src/errors.ts";
import { createGeminiAdapter } from "../src/providers/gemini.ts";
import { startFakeGemini, type FakeGemini } from "../src/testing/gemini-server.ts";

const KEY = "AIza-test-secret-value";
const MODEL = "gemini-2.5-flash";
const answerSchema = {
  type: "object",
  properties: { summary: { type: "string", minLength: 1 }, files: { type: "array", items: { type: "string" } } },
  required: ["summary", "files"],
  additionalProperties: false,
};

const request = (over: Partial<AdapterRequest> = {}): AdapterRequest => ({
  system: "You are a careful coder.",
  messages: [{ role: "user", content: "Add a trim helper" }],
  jsonSchema: { $schema: "https://json-schema.org/draft/2020-12/schema", ...answerSchema },
  schemaName: "CodeBundle",
  signal: new AbortController().signal,
  ...over,
});

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(ProviderError.is(err), `expected a ProviderError, got ${String(err)}`).toBe(true);
  return err as ProviderError;
}

describe("the Gemini adapter (official @google/genai against a local Gemini API)", () => {
  let fake: FakeGemini;
  const adapter = () => createGeminiAdapter({ model: MODEL, apiKey: KEY, baseURL: fake.url });

  beforeAll(async () => {
    fake = await startFakeGemini();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });

  it("sends the schema as native structured output and returns the text and usage", async () => {
    fake.script({
      text: '{"summary":"trim added","files":["src/trim.ts"]}',
      usage: { promptTokenCount: 321, candidatesTokenCount: 40, thoughtsTokenCount: 5 },
    });
    const result = await adapter().complete(
      request({
        messages: [
          { role: "user", content: "Add a trim helper" },
          { role: "assistant", content: "{}" },
          { role: "user", content: "summary is required" },
        ],
        maxOutputTokens: 2000,
      }),
    );

    expect(JSON.parse(result.text)).toEqual({ summary: "trim added", files: ["src/trim.ts"] });
    expect(result.usage).toEqual({ inputTokens: 321, outputTokens: 45 });
    expect(fake.requests).toHaveLength(1);
    const [sent] = fake.requests;
    expect(sent!.method).toBe("POST");
    expect(sent!.path).toBe(`/v1beta/models/${MODEL}:generateContent`);
    expect(sent!.headers["x-goog-api-key"]).toBe(KEY);
    expect(sent!.query).toEqual({});
    expect(sent!.body).toEqual({
      contents: [
        { role: "user", parts: [{ text: "Add a trim helper" }] },
        { role: "model", parts: [{ text: "{}" }] },
        { role: "user", parts: [{ text: "summary is required" }] },
      ],
      // The SDK turns a string system instruction into a user-role Content.
      systemInstruction: { role: "user", parts: [{ text: "You are a careful coder." }] },
      // $schema is dropped: it is not among the keywords responseJsonSchema documents.
      generationConfig: {
        responseMimeType: "application/json",
        responseJsonSchema: answerSchema,
        maxOutputTokens: 2000,
      },
    });
  });

  it("reports an answer without text as invalid output, saying why", async () => {
    fake.script({
      response: {
        candidates: [{ content: { role: "model", parts: [] }, finishReason: "MAX_TOKENS" }],
        usageMetadata: { promptTokenCount: 5 },
      },
    });
    const err = await failure(adapter().complete(request()));
    expect(err.kind).toBe("invalid_output");
    expect(err.message).toContain("MAX_TOKENS");

    fake.script({ response: { promptFeedback: { blockReason: "SAFETY" }, usageMetadata: { promptTokenCount: 5 } } });
    expect((await failure(adapter().complete(request()))).message).toContain("prompt blocked (SAFETY)");
  });

  it("401: auth, not retryable, names the key variable and never the key", async () => {
    fake.script({ status: 401, message: "Request had invalid authentication credentials." });
    const err = await failure(
      createGeminiAdapter({
        model: MODEL,
        apiKey: KEY,
        baseURL: fake.url,
        keyVariable: "GOOGLE_API_KEY_WORK",
      }).complete(request()),
    );
    expect(err).toMatchObject({
      kind: "auth",
      status: 401,
      provider: "google",
      model: MODEL,
      variable: "GOOGLE_API_KEY_WORK",
    });
    expect(err.isRetryable).toBe(false);
    expect(err.message).toContain("GOOGLE_API_KEY_WORK");
    expect(err.message).not.toContain(KEY);
    expect(fake.requests).toHaveLength(1);
  });

  it("400 API_KEY_INVALID (what Gemini really sends for a bad key): auth", async () => {
    fake.script({
      status: 400,
      message: "API key not valid. Please pass a valid API key.",
      details: [
        { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com" },
      ],
    });
    const err = await failure(adapter().complete(request()));
    expect(err).toMatchObject({ kind: "auth", status: 400, variable: "GOOGLE_API_KEY" });
    expect(err.isRetryable).toBe(false);
    expect(err.message).toContain("GOOGLE_API_KEY");
    expect(err.message).not.toContain(KEY);
  });

  it("no key: auth error naming the variable, without a request", async () => {
    const err = await failure(createGeminiAdapter({ model: MODEL, baseURL: fake.url }).complete(request()));
    expect(err).toMatchObject({ kind: "auth", variable: "GOOGLE_API_KEY" });
    expect(fake.requests).toHaveLength(0);
  });

  it("429: rate_limit, retryable, RetryInfo's delay kept, one request only", async () => {
    fake.script({
      status: 429,
      message: "Resource has been exhausted (e.g. check quota).",
      details: [
        {
          "@type": "type.googleapis.com/google.rpc.QuotaFailure",
          violations: [{ quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests" }],
        },
        { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "2s" },
      ],
    });
    const err = await failure(adapter().complete(request()));
    expect(err).toMatchObject({ kind: "rate_limit", status: 429, retryAfterMs: 2000 });
    expect(err.isRetryable).toBe(true);
    expect(fake.requests).toHaveLength(1);
  });

  it("429 without details: rate_limit with no delay", async () => {
    fake.script({ status: 429 });
    const err = await failure(adapter().complete(request()));
    expect(err.kind).toBe("rate_limit");
    expect(err.retryAfterMs).toBeUndefined();
  });

  it.each([500, 503])("%i: server, retryable, one request only", async (status) => {
    fake.script({ status });
    const err = await failure(adapter().complete(request()));
    expect(err).toMatchObject({ kind: "server", status });
    expect(err.isRetryable).toBe(true);
    expect(fake.requests).toHaveLength(1);
  });

  it("404: not_found, naming the base URL variable", async () => {
    fake.script({ status: 404, message: "models/gemini-9 is not found for API version v1beta" });
    const err = await failure(adapter().complete(request()));
    expect(err).toMatchObject({ kind: "not_found", variable: "GOOGLE_GEMINI_BASE_URL" });
  });

  it("aborting the signal while the server hangs: aborted", async () => {
    fake.script({ hang: true });
    const controller = new AbortController();
    const pending = adapter().complete(request({ signal: controller.signal }));
    await fake.waitForRequests(1);
    controller.abort();
    const err = await failure(pending);
    expect(err.kind).toBe("aborted");
    expect(err.isRetryable).toBe(false);
    expect(fake.requests).toHaveLength(1);
  });

  it("a deadline signal (AbortSignal.timeout) while the server hangs: timeout, retryable", async () => {
    fake.script({ hang: true });
    const err = await failure(adapter().complete(request({ signal: AbortSignal.timeout(200) })));
    expect(err.kind).toBe("timeout");
    expect(err.isRetryable).toBe(true);
    expect(fake.requests).toHaveLength(1);
  });

  it("a closed server: connection, naming the base URL variable", async () => {
    const gone = await startFakeGemini();
    await gone.close();
    const err = await failure(
      createGeminiAdapter({ model: MODEL, apiKey: KEY, baseURL: gone.url }).complete(request()),
    );
    expect(err.kind).toBe("connection");
    expect(err.isRetryable).toBe(true);
    expect(err.message).toContain("GOOGLE_GEMINI_BASE_URL");
  });

  it("uses an injected fetch", async () => {
    fake.script({ text: "{}" });
    const seen: string[] = [];
    const fetchSpy: typeof fetch = (input, init) => {
      seen.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    };
    await createGeminiAdapter({ model: MODEL, apiKey: KEY, baseURL: fake.url, fetch: fetchSpy }).complete(request());
    expect(seen).toEqual([`${fake.url}/v1beta/models/${MODEL}:generateContent`]);
  });
});
