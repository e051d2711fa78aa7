import { describe, expect, it } from "vitest";
import { createGeminiAdapter } from "../src/providers/gemini.ts";
import { startFakeGemini } from "../src/testing/gemini-server.ts";
import { failure, fakePerTest, onlyRequest } from "./support/adapter-fixtures.ts";
import { describeSharedBehaviour } from "./support/shared-behaviour.ts";
import { CODE_BUNDLE_SCHEMA, TRIM_HELPER_REASK, trimHelperRequest as request } from "./support/trim-helper.ts";

const KEY = "AIza-test-secret-value";
const MODEL = "gemini-2.5-flash";

describeSharedBehaviour({
  provider: "google",
  model: MODEL,
  key: KEY,
  createAdapter: createGeminiAdapter,
  startFake: startFakeGemini,
  waitForRequests: (fake, count) => fake.waitForRequests(count),
  completionPath: `/v1beta/models/${MODEL}:generateContent`,
  request,
  keyVariable: "GOOGLE_API_KEY",
  baseUrlVariable: "GOOGLE_GEMINI_BASE_URL",
  configuredKeyVariable: "GOOGLE_API_KEY_WORK",
  replies: {
    answer: { text: "{}" },
    hang: { hang: true },
    unauthorized: { status: 401, message: "Request had invalid authentication credentials." },
    // Gemini says when to retry in a RetryInfo detail, not a retry-after header.
    rateLimited: {
      status: 429,
      message: "Resource has been exhausted (e.g. check quota).",
      details: [
        {
          "@type": "type.googleapis.com/google.rpc.QuotaFailure",
          violations: [{ quotaMetric: "generativelanguage.googleapis.com/generate_content_free_tier_requests" }],
        },
        { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "2s" },
      ],
    },
    serverError: (status) => ({ status }),
  },
  serverStatuses: [500, 503],
});

describe("the Gemini adapter (official @google/genai against a local Gemini API)", () => {
  const fake = fakePerTest(startFakeGemini);
  const adapter = () => createGeminiAdapter({ model: MODEL, apiKey: KEY, baseURL: fake().url });

  it("sends the schema as native structured output and returns the text and usage", async () => {
    fake().script({
      text: '{"summary":"trim added","files":["src/trim.ts"]}',
      usage: { promptTokenCount: 321, candidatesTokenCount: 40, thoughtsTokenCount: 5 },
    });
    const result = await adapter().complete(request({ messages: TRIM_HELPER_REASK, maxOutputTokens: 2000 }));

    expect(JSON.parse(result.text)).toEqual({ summary: "trim added", files: ["src/trim.ts"] });
    expect(result.usage).toEqual({ inputTokens: 321, outputTokens: 45 });
    const sent = onlyRequest(fake().requests);
    expect(sent.method).toBe("POST");
    expect(sent.path).toBe(`/v1beta/models/${MODEL}:generateContent`);
    expect(sent.headers["x-goog-api-key"]).toBe(KEY);
    expect(sent.query).toEqual({});
    expect(sent.body).toEqual({
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
        responseJsonSchema: CODE_BUNDLE_SCHEMA,
        maxOutputTokens: 2000,
      },
    });
  });

  it("reports an answer without text as invalid output, saying why", async () => {
    fake().script({
      response: {
        candidates: [{ content: { role: "model", parts: [] }, finishReason: "MAX_TOKENS" }],
        usageMetadata: { promptTokenCount: 5 },
      },
    });
    const err = await failure(adapter().complete(request()));
    expect(err.kind).toBe("invalid_output");
    expect(err.message).toContain("MAX_TOKENS");

    fake().script({ response: { promptFeedback: { blockReason: "SAFETY" }, usageMetadata: { promptTokenCount: 5 } } });
    expect((await failure(adapter().complete(request()))).message).toContain("prompt blocked (SAFETY)");
  });

  it("400 API_KEY_INVALID (what Gemini really sends for a bad key): auth", async () => {
    fake().script({
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

  it("429 without details: rate_limit with no delay", async () => {
    fake().script({ status: 429 });
    const err = await failure(adapter().complete(request()));
    expect(err.kind).toBe("rate_limit");
    expect(err.retryAfterMs).toBeUndefined();
  });

  it("404: not_found, naming the base URL variable", async () => {
    fake().script({ status: 404, message: "models/gemini-9 is not found for API version v1beta" });
    const err = await failure(adapter().complete(request()));
    expect(err).toMatchObject({ kind: "not_found", variable: "GOOGLE_GEMINI_BASE_URL" });
  });
});
