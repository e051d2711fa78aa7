import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AdapterRequest } from "../src/adapter.ts";
import { ProviderError } from "../src/errors.ts";
import { createAnthropicAdapter } from "../src/providers/anthropic.ts";
import { startFakeAnthropic, type FakeAnthropic } from "../src/testing/anthropic-server.ts";

const KEY = "sk-ant-test-secret-value";
const schema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  properties: { summary: { type: "string", minLength: 1 }, files: { type: "array", items: { type: "string" } } },
  required: ["summary", "files"],
  additionalProperties: false,
};

const request = (over: Partial<AdapterRequest> = {}): AdapterRequest => ({
  system: "You are a careful coder.",
  messages: [{ role: "user", content: "Add a trim helper" }],
  jsonSchema: schema,
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

describe("the Anthropic adapter (official SDK against a local Messages API)", () => {
  let fake: FakeAnthropic;
  const adapter = () => createAnthropicAdapter({ model: "claude-sonnet-4-6", apiKey: KEY, baseURL: fake.url });

  beforeAll(async () => {
    fake = await startFakeAnthropic();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });

  it("forces a tool carrying the schema and returns its input as JSON text", async () => {
    fake.script({
      answer: { summary: "trim added", files: ["src/trim.ts"] },
      usage: { input_tokens: 321, output_tokens: 45 },
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
    expect(sent!.path).toBe("/v1/messages");
    // SDK 1.x sends the API key as a bearer token, not as `x-api-key`.
    expect(sent!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent!.headers["x-stainless-retry-count"]).toBe("0");
    expect(sent!.headers["anthropic-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(sent!.body).toEqual({
      model: "claude-sonnet-4-6",
      system: "You are a careful coder.",
      messages: [
        { role: "user", content: "Add a trim helper" },
        { role: "assistant", content: "{}" },
        { role: "user", content: "summary is required" },
      ],
      max_tokens: 2000,
      tools: [{ name: "CodeBundle", description: "Answer with this structure", input_schema: schema }],
      tool_choice: { type: "tool", name: "CodeBundle" },
    });
  });

  it("asks for 8192 output tokens by default", async () => {
    fake.script({ answer: { summary: "s", files: [] } });
    await adapter().complete(request());
    expect((fake.requests[0]!.body as { max_tokens: number }).max_tokens).toBe(8192);
  });

  it("reports an answer without the tool call as invalid output", async () => {
    fake.script({
      message: {
        id: "msg_1",
        type: "message",
        role: "assistant",
        model: "claude-sonnet-4-6",
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
    fake.script({ answer: { summary: "s" }, stop_reason: "max_tokens" });
    const err = await failure(adapter().complete(request({ maxOutputTokens: 10 })));
    expect(err.kind).toBe("invalid_output");
    expect(err.message).toContain("max_tokens (10)");
  });

  it("401: auth, not retryable, names the key variable and never the key", async () => {
    fake.script({ status: 401, message: "invalid x-api-key" });
    const err = await failure(
      createAnthropicAdapter({
        model: "claude-sonnet-4-6",
        apiKey: KEY,
        baseURL: fake.url,
        keyVariable: "ANTHROPIC_API_KEY_WORK",
      }).complete(request()),
    );
    expect(err).toMatchObject({
      kind: "auth",
      status: 401,
      provider: "anthropic",
      model: "claude-sonnet-4-6",
      variable: "ANTHROPIC_API_KEY_WORK",
    });
    expect(err.isRetryable).toBe(false);
    expect(err.message).toContain("ANTHROPIC_API_KEY_WORK");
    expect(err.message).not.toContain(KEY);
    expect(fake.requests).toHaveLength(1);
  });

  it("no key: auth error naming the variable, without a request", async () => {
    const err = await failure(
      createAnthropicAdapter({ model: "claude-sonnet-4-6", baseURL: fake.url }).complete(request()),
    );
    expect(err).toMatchObject({ kind: "auth", variable: "ANTHROPIC_API_KEY" });
    expect(fake.requests).toHaveLength(0);
  });

  it("429 with retry-after: rate_limit, retryable, the delay kept, one request only", async () => {
    fake.script({
      status: 429,
      message: "Number of request tokens has exceeded your per-minute rate limit",
      headers: { "retry-after": "2" },
    });
    const err = await failure(adapter().complete(request()));
    expect(err).toMatchObject({ kind: "rate_limit", status: 429, retryAfterMs: 2000 });
    expect(err.isRetryable).toBe(true);
    expect(fake.requests).toHaveLength(1);
  });

  it.each([500, 503, 529])("%i: server, retryable, one request only", async (status) => {
    fake.script({ status });
    const err = await failure(adapter().complete(request()));
    expect(err).toMatchObject({ kind: "server", status });
    expect(err.isRetryable).toBe(true);
    expect(fake.requests).toHaveLength(1);
  });

  it("400: bad_request, not retryable", async () => {
    fake.script({ status: 400, message: "tools.0.input_schema: JSON schema is invalid" });
    const err = await failure(adapter().complete(request()));
    expect(err).toMatchObject({ kind: "bad_request", status: 400 });
    expect(err.isRetryable).toBe(false);
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
    const gone = await startFakeAnthropic();
    await gone.close();
    const err = await failure(
      createAnthropicAdapter({ model: "claude-sonnet-4-6", apiKey: KEY, baseURL: gone.url }).complete(request()),
    );
    expect(err.kind).toBe("connection");
    expect(err.isRetryable).toBe(true);
    expect(err.message).toContain("ANTHROPIC_BASE_URL");
  });

  it("uses an injected fetch", async () => {
    fake.script({ answer: { summary: "s", files: [] } });
    const seen: string[] = [];
    const fetchSpy: typeof fetch = (input, init) => {
      seen.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    };
    await createAnthropicAdapter({
      model: "claude-sonnet-4-6",
      apiKey: KEY,
      baseURL: fake.url,
      fetch: fetchSpy,
    }).complete(request());
    expect(seen).toEqual([`${fake.url}/v1/messages`]);
  });
});
