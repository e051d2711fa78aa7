import { describe, expect, it } from "vitest";
import { createAnthropicAdapter } from "../src/providers/anthropic.ts";
import { startFakeAnthropic } from "../src/testing/anthropic-server.ts";
import { failure, fakePerTest, onlyRequest } from "./support/adapter-fixtures.ts";
import { describeSharedBehaviour } from "./support/shared-behaviour.ts";
import { CODE_BUNDLE_JSON_SCHEMA, TRIM_HELPER_REASK, trimHelperRequest as request } from "./support/trim-helper.ts";

const KEY = "sk-ant-test-secret-value";
const MODEL = "claude-sonnet-4-6";

describeSharedBehaviour({
  provider: "anthropic",
  model: MODEL,
  key: KEY,
  createAdapter: createAnthropicAdapter,
  startFake: startFakeAnthropic,
  waitForRequests: (fake, count) => fake.waitForRequests(count),
  completionPath: "/v1/messages",
  request,
  keyVariable: "ANTHROPIC_API_KEY",
  baseUrlVariable: "ANTHROPIC_BASE_URL",
  configuredKeyVariable: "ANTHROPIC_API_KEY_WORK",
  replies: {
    answer: { answer: { summary: "s", files: [] } },
    hang: { hang: true },
    unauthorized: { status: 401, message: "invalid x-api-key" },
    rateLimited: {
      status: 429,
      message: "Number of request tokens has exceeded your per-minute rate limit",
      headers: { "retry-after": "2" },
    },
    serverError: (status) => ({ status }),
  },
  serverStatuses: [500, 503, 529],
});

describe("the Anthropic adapter (official SDK against a local Messages API)", () => {
  const fake = fakePerTest(startFakeAnthropic);
  const adapter = () => createAnthropicAdapter({ model: MODEL, apiKey: KEY, baseURL: fake().url });

  it("forces a tool carrying the schema and returns its input as JSON text", async () => {
    fake().script({
      answer: { summary: "trim added", files: ["src/trim.ts"] },
      usage: { input_tokens: 321, output_tokens: 45 },
    });
    const result = await adapter().complete(request({ messages: TRIM_HELPER_REASK, maxOutputTokens: 2000 }));

    expect(JSON.parse(result.text)).toEqual({ summary: "trim added", files: ["src/trim.ts"] });
    expect(result.usage).toEqual({ inputTokens: 321, outputTokens: 45 });
    const sent = onlyRequest(fake().requests);
    expect(sent.method).toBe("POST");
    expect(sent.path).toBe("/v1/messages");
    // SDK 1.x sends the API key as a bearer token, not as `x-api-key`.
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent.headers["x-stainless-retry-count"]).toBe("0");
    expect(sent.headers["anthropic-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(sent.body).toEqual({
      model: MODEL,
      system: "You are a careful coder.",
      messages: TRIM_HELPER_REASK,
      max_tokens: 2000,
      tools: [{ name: "CodeBundle", description: "Answer with this structure", input_schema: CODE_BUNDLE_JSON_SCHEMA }],
      tool_choice: { type: "tool", name: "CodeBundle" },
    });
  });

  it("asks for 8192 output tokens by default", async () => {
    fake().script({ answer: { summary: "s", files: [] } });
    await adapter().complete(request());
    expect((fake().requests[0]!.body as { max_tokens: number }).max_tokens).toBe(8192);
  });

  it("reports an answer without the tool call as invalid output", async () => {
    fake().script({
      message: {
        id: "msg_1",
        type: "message",
        role: "assistant",
        model: MODEL,
        content: [{ type: "text", text: "Sure! Here it is." }],
        stop_reason: "end_turn",
        stop_sequence: null,
        usage: { input_tokens: 5, output_tokens: 5 },
      },
    });
    const err = await failure(adapter().complete(request()));
    expect(err.kind).toBe("invalid_output");
    expect(err.isRetryable).toBe(false);
    expect(err.message).toContain("CodeBundle");
  });

  it("reports an answer cut off at max_tokens as invalid output", async () => {
    fake().script({ answer: { summary: "s" }, stop_reason: "max_tokens" });
    const err = await failure(adapter().complete(request({ maxOutputTokens: 10 })));
    expect(err.kind).toBe("invalid_output");
    expect(err.message).toContain("max_tokens (10)");
  });

  it("400: bad_request, not retryable", async () => {
    fake().script({ status: 400, message: "tools.0.input_schema: JSON schema is invalid" });
    const err = await failure(adapter().complete(request()));
    expect(err).toMatchObject({ kind: "bad_request", status: 400 });
    expect(err.isRetryable).toBe(false);
  });
});
