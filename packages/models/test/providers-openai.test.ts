import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AdapterRequest } from "../src/adapter.ts";
import { ProviderError } from "../src/errors.ts";
import { createOpenAIAdapter } from "../src/providers/openai.ts";
import { COMPATIBLE_DEFAULT_BASE_URLS, createOpenAICompatibleAdapter } from "../src/providers/openai-compatible.ts";
import { answer, hang, httpError, startFakeOpenAI, type FakeOpenAI } from "../src/testing/openai-server.ts";

const KEY = "sk-test-secret-0123456789";
const schema = { type: "object", properties: { code: { type: "string" } }, required: ["code"] };

function request(over: Partial<AdapterRequest> = {}): AdapterRequest {
  return {
    system: "You are a careful coder. Answer in JSON.",
    messages: [{ role: "user", content: "Write add(a, b)." }],
    jsonSchema: schema,
    schemaName: "CodeBundle",
    signal: new AbortController().signal,
    ...over,
  };
}

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const err = await p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e,
  );
  expect(ProviderError.is(err)).toBe(true);
  return err as ProviderError;
}

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI();
});
afterEach(async () => {
  await fake.close();
});

const openai = () =>
  createOpenAIAdapter({ model: "gpt-test", apiKey: KEY, keyVariable: "OPENAI_API_KEY", baseURL: `${fake.url}/v1` });

describe("OpenAI adapter (official SDK against a fake server)", () => {
  it("sends system + messages with a json_schema response format, and reads text and usage", async () => {
    fake.script(
      answer('{"code":"export const add = (a, b) => a + b;"}', { usage: { prompt_tokens: 42, completion_tokens: 9 } }),
    );
    const res = await openai().complete(
      request({
        messages: [
          { role: "user", content: "Write add(a, b)." },
          { role: "assistant", content: "{}" },
          { role: "user", content: "code is required" },
        ],
        maxOutputTokens: 256,
      }),
    );

    expect(res).toEqual({
      text: '{"code":"export const add = (a, b) => a + b;"}',
      usage: { inputTokens: 42, outputTokens: 9 },
    });
    expect(fake.requests).toHaveLength(1);
    const [sent] = fake.requests;
    expect(sent!.method).toBe("POST");
    expect(sent!.path).toBe("/v1/chat/completions");
    expect(sent!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent!.body.model).toBe("gpt-test");
    expect(sent!.body.messages).toEqual([
      { role: "system", content: "You are a careful coder. Answer in JSON." },
      { role: "user", content: "Write add(a, b)." },
      { role: "assistant", content: "{}" },
      { role: "user", content: "code is required" },
    ]);
    expect(sent!.body.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "CodeBundle", schema, strict: false },
    });
    expect(sent!.body.max_completion_tokens).toBe(256);
  });

  it("empty content and refusals are invalid output", async () => {
    fake.script(
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

  it("401 → auth, not retryable, names OPENAI_API_KEY and never the key", async () => {
    fake.script(
      httpError(401, {
        message: `Incorrect API key provided: ${KEY}`,
        type: "invalid_request_error",
        code: "invalid_api_key",
      }),
    );
    const err = await failure(openai().complete(request()));
    expect(err.kind).toBe("auth");
    expect(err.status).toBe(401);
    expect(err.isRetryable).toBe(false);
    expect(err.variable).toBe("OPENAI_API_KEY");
    expect(err.message).toContain("OPENAI_API_KEY");
    expect(err.message).not.toContain(KEY);
    expect(err.provider).toBe("openai");
  });

  it("429 with retry-after → rate_limit with retryAfterMs, one request only (SDK retries off)", async () => {
    fake.script(
      httpError(429, { message: "Rate limit reached", type: "requests", headers: { "retry-after": "2" } }),
      answer('{"code":""}'),
    );
    const err = await failure(openai().complete(request()));
    expect(err.kind).toBe("rate_limit");
    expect(err.retryAfterMs).toBe(2000);
    expect(err.isRetryable).toBe(true);
    expect(fake.requests).toHaveLength(1);
  });

  it("500 → server, retryable, one request only", async () => {
    fake.script(httpError(500, { message: "boom", type: "server_error" }), answer('{"code":""}'));
    const err = await failure(openai().complete(request()));
    expect(err.kind).toBe("server");
    expect(err.isRetryable).toBe(true);
    expect(fake.requests).toHaveLength(1);
  });

  it("404 → not_found naming OPENAI_BASE_URL", async () => {
    fake.script(httpError(404, { message: "The model `gpt-test` does not exist", code: "model_not_found" }));
    const err = await failure(openai().complete(request()));
    expect(err.kind).toBe("not_found");
    expect(err.variable).toBe("OPENAI_BASE_URL");
  });

  it("a caller's abort while the server hangs → aborted (not retryable)", async () => {
    fake.script(hang());
    const controller = new AbortController();
    const call = openai().complete(request({ signal: controller.signal }));
    await fake.received(1);
    controller.abort();
    const err = await failure(call);
    expect(err.kind).toBe("aborted");
    expect(err.isRetryable).toBe(false);
    expect(fake.requests).toHaveLength(1);
  });

  it("a signal aborted by a timeout (reason TimeoutError) → timeout (retryable)", async () => {
    fake.script(hang());
    const err = await failure(openai().complete(request({ signal: AbortSignal.timeout(150) })));
    expect(err.kind).toBe("timeout");
    expect(err.isRetryable).toBe(true);
    expect(fake.requests).toHaveLength(1);
  });

  it("connection refused → connection, naming the base URL variable", async () => {
    const gone = await startFakeOpenAI();
    await gone.close();
    const a = createOpenAIAdapter({ model: "gpt-test", apiKey: KEY, baseURL: `${gone.url}/v1` });
    const err = await failure(a.complete(request()));
    expect(err.kind).toBe("connection");
    expect(err.isRetryable).toBe(true);
    expect(err.variable).toBe("OPENAI_BASE_URL");
    expect(err.message).not.toContain(KEY);
  });

  it("no key configured → auth error without a request (the SDK's env fallback is not used)", async () => {
    const saved = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = "sk-from-env-must-not-be-used";
    try {
      const err = await failure(
        createOpenAIAdapter({ model: "gpt-test", baseURL: `${fake.url}/v1` }).complete(request()),
      );
      expect(err.kind).toBe("auth");
      expect(err.message).toContain("OPENAI_API_KEY");
      expect(fake.requests).toHaveLength(0);
    } finally {
      if (saved === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = saved;
    }
  });

  it("uses an injected fetch", async () => {
    fake.script(answer('{"code":"x"}'));
    const seen: string[] = [];
    const spy: typeof fetch = (input, init) => {
      seen.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    };
    await createOpenAIAdapter({ model: "gpt-test", apiKey: KEY, baseURL: `${fake.url}/v1`, fetch: spy }).complete(
      request(),
    );
    expect(seen).toEqual([`${fake.url}/v1/chat/completions`]);
  });
});

describe("OpenAI-compatible adapters", () => {
  it("cerebras: same wire protocol at its base URL, with its key", async () => {
    fake.script(answer('{"code":"c"}', { usage: { prompt_tokens: 5, completion_tokens: 3 } }));
    const a = createOpenAICompatibleAdapter("cerebras", {
      model: "qwen-3-coder-480b",
      apiKey: "csk-cerebras-secret",
      keyVariable: "CEREBRAS_API_KEY_1",
      baseURL: `${fake.url}/v1`,
    });
    expect(a.provider).toBe("cerebras");
    const res = await a.complete(request());
    expect(res).toEqual({ text: '{"code":"c"}', usage: { inputTokens: 5, outputTokens: 3 } });
    const [sent] = fake.requests;
    expect(sent!.path).toBe("/v1/chat/completions");
    expect(sent!.headers.authorization).toBe("Bearer csk-cerebras-secret");
    expect(sent!.body.model).toBe("qwen-3-coder-480b");
    expect(sent!.body.messages.map((m: { role: string }) => m.role)).toEqual(["system", "user"]);
    expect(sent!.body.response_format.type).toBe("json_schema");
    expect(sent!.body.response_format.json_schema).toMatchObject({ name: "CodeBundle", schema });
  });

  it("cerebras errors name CEREBRAS_BASE_URL and the configured key variable", async () => {
    fake.script(httpError(404), httpError(401));
    const a = createOpenAICompatibleAdapter("cerebras", {
      model: "m",
      apiKey: "csk-x-secret",
      keyVariable: "CEREBRAS_API_KEY_2",
      baseURL: `${fake.url}/v1`,
    });
    expect((await failure(a.complete(request()))).variable).toBe("CEREBRAS_BASE_URL");
    const auth = await failure(a.complete(request()));
    expect(auth.message).toContain("CEREBRAS_API_KEY_2");
    expect(auth.message).not.toContain("csk-x-secret");
  });

  it("keyless Ollama-style call works and never sends a configured secret", async () => {
    const saved = { key: process.env.OPENAI_API_KEY, org: process.env.OPENAI_ORG_ID };
    process.env.OPENAI_API_KEY = "sk-env-secret-must-not-leak";
    process.env.OPENAI_ORG_ID = "org-must-not-leak";
    try {
      fake.script(answer('{"code":"local"}'));
      const res = await createOpenAICompatibleAdapter("ollama", {
        model: "qwen3:8b",
        baseURL: `${fake.url}/v1`,
      }).complete(request());
      expect(res.text).toBe('{"code":"local"}');
      const [sent] = fake.requests;
      expect(sent!.headers.authorization).toBe("Bearer not-needed");
      expect(JSON.stringify(sent!.headers)).not.toContain("must-not-leak");
      expect(sent!.headers["openai-organization"]).toBeUndefined();
    } finally {
      for (const [name, value] of [
        ["OPENAI_API_KEY", saved.key],
        ["OPENAI_ORG_ID", saved.org],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
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
    const res = await fetch(`${fake.url}/v1/models`);
    const list = (await res.json()) as { data: Array<{ id: string }> };
    expect(list.data[0]!.id).toBe("fake-model");
  });
});
