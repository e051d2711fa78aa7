import { describe, expect, it } from "vitest";
import { createOpenAIAdapter } from "../src/providers/openai.ts";
import { COMPATIBLE_DEFAULT_BASE_URLS, createOpenAICompatibleAdapter } from "../src/providers/openai-compatible.ts";
import { answer, hang, httpError, startFakeOpenAI } from "../src/testing/openai-server.ts";
import { failure, fakePerTest, onlyRequest, requestsLike, withEnv } from "./support/adapter-fixtures.ts";
import { expectChatCompletion, FAKE_OPENAI_SERVER } from "./support/chat-completions.ts";
import { describeSharedBehaviour } from "./support/shared-behaviour.ts";

const KEY = "sk-test-secret-0123456789";
const schema = { type: "object", properties: { code: { type: "string" } }, required: ["code"] };
const request = requestsLike({
  system: "You are a careful coder. Answer in JSON.",
  messages: [{ role: "user", content: "Write add(a, b)." }],
  jsonSchema: schema,
  schemaName: "CodeBundle",
});

describeSharedBehaviour({
  provider: "openai",
  model: "gpt-test",
  key: KEY,
  createAdapter: createOpenAIAdapter,
  ...FAKE_OPENAI_SERVER,
  baseURL: (url) => `${url}/v1`,
  completionPath: "/v1/chat/completions",
  request,
  keyVariable: "OPENAI_API_KEY",
  baseUrlVariable: "OPENAI_BASE_URL",
  replies: {
    answer: answer('{"code":""}'),
    hang: hang(),
    unauthorized: httpError(401, {
      message: `Incorrect API key provided: ${KEY}`,
      type: "invalid_request_error",
      code: "invalid_api_key",
    }),
    rateLimited: httpError(429, { message: "Rate limit reached", type: "requests", headers: { "retry-after": "2" } }),
    serverError: (status) => httpError(status, { message: "boom", type: "server_error" }),
  },
  serverStatuses: [500],
});

describe("OpenAI adapter (official SDK against a fake server)", () => {
  const fake = fakePerTest(startFakeOpenAI);
  const openai = () =>
    createOpenAIAdapter({ model: "gpt-test", apiKey: KEY, keyVariable: "OPENAI_API_KEY", baseURL: `${fake().url}/v1` });

  it("sends system + messages with a json_schema response format, and reads text and usage", async () => {
    fake().script(
      answer('{"code":"export const add = (a, b) => a + b;"}', { usage: { prompt_tokens: 42, completion_tokens: 9 } }),
    );
    const reAsk = request({
      messages: [
        { role: "user", content: "Write add(a, b)." },
        { role: "assistant", content: "{}" },
        { role: "user", content: "code is required" },
      ],
      maxOutputTokens: 256,
    });
    const res = await openai().complete(reAsk);

    expect(res).toEqual({
      text: '{"code":"export const add = (a, b) => a + b;"}',
      usage: { inputTokens: 42, outputTokens: 9 },
    });
    expectChatCompletion(onlyRequest(fake().requests), {
      path: "/v1/chat/completions",
      key: KEY,
      model: "gpt-test",
      request: reAsk,
    });
  });

  it("empty content and refusals are invalid output", async () => {
    fake().script(
      answer(""),
      answer(null, { refusal: "I can't help with that." }),
      answer(null, { finishReason: "length" }),
    );
    const a = openai();
    expect((await failure(a.complete(request()))).kind).toBe("invalid_output");
    const refused = await failure(a.complete(request()));
    expect(refused.kind).toBe("invalid_output");
    expect(refused.message).toMatch(/refused/);
    expect((await failure(a.complete(request()))).message).toMatch(/token limit/);
  });

  it("404 → not_found naming OPENAI_BASE_URL", async () => {
    fake().script(httpError(404, { message: "The model `gpt-test` does not exist", code: "model_not_found" }));
    const err = await failure(openai().complete(request()));
    expect(err.kind).toBe("not_found");
    expect(err.variable).toBe("OPENAI_BASE_URL");
  });
});

describe("OpenAI-compatible adapters", () => {
  const fake = fakePerTest(startFakeOpenAI);

  it("cerebras: same wire protocol at its base URL, with its key", async () => {
    fake().script(answer('{"code":"c"}', { usage: { prompt_tokens: 5, completion_tokens: 3 } }));
    const a = createOpenAICompatibleAdapter("cerebras", {
      model: "qwen-3-coder-480b",
      apiKey: "csk-cerebras-secret",
      keyVariable: "CEREBRAS_API_KEY_1",
      baseURL: `${fake().url}/v1`,
    });
    expect(a.provider).toBe("cerebras");
    const res = await a.complete(request());
    expect(res).toEqual({ text: '{"code":"c"}', usage: { inputTokens: 5, outputTokens: 3 } });
    const [sent] = fake().requests;
    expect(sent!.path).toBe("/v1/chat/completions");
    expect(sent!.headers.authorization).toBe("Bearer csk-cerebras-secret");
    expect(sent!.body.model).toBe("qwen-3-coder-480b");
    expect(sent!.body.messages.map((m: { role: string }) => m.role)).toEqual(["system", "user"]);
    expect(sent!.body.response_format.type).toBe("json_schema");
    expect(sent!.body.response_format.json_schema).toMatchObject({ name: "CodeBundle", schema });
  });

  it("cerebras errors name CEREBRAS_BASE_URL and the configured key variable", async () => {
    fake().script(httpError(404), httpError(401));
    const a = createOpenAICompatibleAdapter("cerebras", {
      model: "m",
      apiKey: "csk-x-secret",
      keyVariable: "CEREBRAS_API_KEY_2",
      baseURL: `${fake().url}/v1`,
    });
    expect((await failure(a.complete(request()))).variable).toBe("CEREBRAS_BASE_URL");
    const auth = await failure(a.complete(request()));
    expect(auth.message).toContain("CEREBRAS_API_KEY_2");
    expect(auth.message).not.toContain("csk-x-secret");
  });

  it("keyless Ollama-style call works and never sends a configured secret", async () => {
    const secrets = { OPENAI_API_KEY: "sk-env-secret-must-not-leak", OPENAI_ORG_ID: "org-must-not-leak" };
    await withEnv(secrets, async () => {
      fake().script(answer('{"code":"local"}'));
      const res = await createOpenAICompatibleAdapter("ollama", {
        model: "qwen3:8b",
        baseURL: `${fake().url}/v1`,
      }).complete(request());
      expect(res.text).toBe('{"code":"local"}');
      const [sent] = fake().requests;
      expect(sent!.headers.authorization).toBe("Bearer not-needed");
      expect(JSON.stringify(sent!.headers)).not.toContain("must-not-leak");
      expect(sent!.headers["openai-organization"]).toBeUndefined();
    });
  });

  it("connection refused names <PROVIDER>_BASE_URL", async () => {
    const gone = await startFakeOpenAI();
    await gone.close();
    const err = await failure(
      createOpenAICompatibleAdapter("qwen", { model: "qwen-max", apiKey: "sk-q", baseURL: `${gone.url}/v1` }).complete(
        request(),
      ),
    );
    expect(err.kind).toBe("connection");
    expect(err.variable).toBe("QWEN_BASE_URL");
  });

  it("exports the default base URLs", () => {
    expect(COMPATIBLE_DEFAULT_BASE_URLS).toEqual({
      cerebras: "https://api.cerebras.ai/v1",
      qwen: "https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
      openrouter: "https://openrouter.ai/api/v1",
      ollama: "http://127.0.0.1:11434/v1",
      vllm: "http://127.0.0.1:8000/v1",
      lmstudio: "http://127.0.0.1:1234/v1",
    });
  });

  it("the fake server lists models", async () => {
    const res = await fetch(`${fake().url}/v1/models`);
    const list = (await res.json()) as { data: Array<{ id: string }> };
    expect(list.data[0]!.id).toBe("fake-model");
  });
});
