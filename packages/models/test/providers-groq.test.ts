import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AdapterRequest } from "../src/adapter.ts";
import { ProviderError } from "../src/errors.ts";
import { createGroqAdapter } from "../src/providers/groq.ts";
import { answer, hang, httpError, startFakeOpenAI, type FakeOpenAI } from "../src/testing/openai-server.ts";

const KEY = "gsk_test_secret_0123456789";
const schema = {
  type: "object",
  properties: { verdict: { type: "string", enum: ["approve", "reject"] } },
  required: ["verdict"],
};

function request(over: Partial<AdapterRequest> = {}): AdapterRequest {
  return {
    system: "You review code. Answer in JSON.",
    messages: [{ role: "user", content: "Review add(a, b)." }],
    jsonSchema: schema,
    schemaName: "Review",
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

// groq-sdk appends /openai/v1/... to its base URL itself.
const groq = () => createGroqAdapter({ model: "llama-3.3-70b-versatile", apiKey: KEY, baseURL: fake.url });

describe("Groq adapter (official groq-sdk against a fake server)", () => {
  it("sends system + user with a json_schema response format, and reads text and usage", async () => {
    fake.script(answer('{"verdict":"approve"}', { usage: { prompt_tokens: 30, completion_tokens: 4 } }));
    const a = groq();
    expect(a.provider).toBe("groq");
    const res = await a.complete(request({ maxOutputTokens: 64 }));

    expect(res).toEqual({ text: '{"verdict":"approve"}', usage: { inputTokens: 30, outputTokens: 4 } });
    expect(fake.requests).toHaveLength(1);
    const [sent] = fake.requests;
    expect(sent!.method).toBe("POST");
    expect(sent!.path).toBe("/openai/v1/chat/completions");
    expect(sent!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent!.body.model).toBe("llama-3.3-70b-versatile");
    expect(sent!.body.messages).toEqual([
      { role: "system", content: "You review code. Answer in JSON." },
      { role: "user", content: "Review add(a, b)." },
    ]);
    expect(sent!.body.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "Review", schema, strict: false },
    });
    expect(sent!.body.max_completion_tokens).toBe(64);
  });

  it("401 → auth naming GROQ_API_KEY, never the key", async () => {
    fake.script(
      httpError(401, { message: `Invalid API Key ${KEY}`, type: "invalid_request_error", code: "invalid_api_key" }),
    );
    const err = await failure(groq().complete(request()));
    expect(err.kind).toBe("auth");
    expect(err.isRetryable).toBe(false);
    expect(err.message).toContain("GROQ_API_KEY");
    expect(err.message).not.toContain(KEY);
  });

  it("429 with retry-after → rate_limit, one request only", async () => {
    fake.script(httpError(429, { headers: { "retry-after": "2" } }), answer('{"verdict":"approve"}'));
    const err = await failure(groq().complete(request()));
    expect(err.kind).toBe("rate_limit");
    expect(err.retryAfterMs).toBe(2000);
    expect(fake.requests).toHaveLength(1);
  });

  it("500 → server, one request only", async () => {
    fake.script(httpError(503), answer('{"verdict":"approve"}'));
    const err = await failure(groq().complete(request()));
    expect(err.kind).toBe("server");
    expect(fake.requests).toHaveLength(1);
  });

  it("abort while hanging → aborted; a timeout signal → timeout", async () => {
    fake.script(hang(), hang());
    const controller = new AbortController();
    const call = groq().complete(request({ signal: controller.signal }));
    await fake.received(1);
    controller.abort();
    expect((await failure(call)).kind).toBe("aborted");
    expect((await failure(groq().complete(request({ signal: AbortSignal.timeout(150) })))).kind).toBe("timeout");
    expect(fake.requests).toHaveLength(2);
  });

  it("connection refused → connection naming GROQ_BASE_URL", async () => {
    const gone = await startFakeOpenAI();
    await gone.close();
    const err = await failure(createGroqAdapter({ model: "m", apiKey: KEY, baseURL: gone.url }).complete(request()));
    expect(err.kind).toBe("connection");
    expect(err.variable).toBe("GROQ_BASE_URL");
  });

  it("empty content → invalid_output", async () => {
    fake.script(answer(""));
    expect((await failure(groq().complete(request()))).kind).toBe("invalid_output");
  });

  it("no key → auth without a request (GROQ_API_KEY from the environment is not used)", async () => {
    const saved = process.env.GROQ_API_KEY;
    process.env.GROQ_API_KEY = "gsk_from_env";
    try {
      const err = await failure(createGroqAdapter({ model: "m", baseURL: fake.url }).complete(request()));
      expect(err.kind).toBe("auth");
      expect(err.variable).toBe("GROQ_API_KEY");
      expect(fake.requests).toHaveLength(0);
    } finally {
      if (saved === undefined) delete process.env.GROQ_API_KEY;
      else process.env.GROQ_API_KEY = saved;
    }
  });
});
