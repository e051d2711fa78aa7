import { describe, expect, it } from "vitest";
import { createGroqAdapter } from "../src/providers/groq.ts";
import { answer, hang, httpError, startFakeOpenAI } from "../src/testing/openai-server.ts";
import { failure, fakePerTest, onlyRequest, requestsLike } from "./support/adapter-fixtures.ts";
import { expectChatCompletion, FAKE_OPENAI_SERVER } from "./support/chat-completions.ts";
import { describeSharedBehaviour } from "./support/shared-behaviour.ts";

const KEY = "gsk_test_secret_0123456789";
const MODEL = "llama-3.3-70b-versatile";
const schema = {
  type: "object",
  properties: { verdict: { type: "string", enum: ["approve", "reject"] } },
  required: ["verdict"],
};
const request = requestsLike({
  system: "You review code. Answer in JSON.",
  messages: [{ role: "user", content: "Review add(a, b)." }],
  jsonSchema: schema,
  schemaName: "Review",
});

describeSharedBehaviour({
  provider: "groq",
  model: MODEL,
  key: KEY,
  createAdapter: createGroqAdapter,
  ...FAKE_OPENAI_SERVER,
  // groq-sdk appends /openai/v1/... to the server's own URL itself.
  completionPath: "/openai/v1/chat/completions",
  request,
  keyVariable: "GROQ_API_KEY",
  baseUrlVariable: "GROQ_BASE_URL",
  replies: {
    answer: answer('{"verdict":"approve"}'),
    hang: hang(),
    unauthorized: httpError(401, {
      message: `Invalid API Key ${KEY}`,
      type: "invalid_request_error",
      code: "invalid_api_key",
    }),
    rateLimited: httpError(429, { headers: { "retry-after": "2" } }),
    serverError: (status) => httpError(status),
  },
  serverStatuses: [503],
});

describe("Groq adapter (official groq-sdk against a fake server)", () => {
  const fake = fakePerTest(startFakeOpenAI);
  // groq-sdk appends /openai/v1/... to its base URL itself.
  const groq = () => createGroqAdapter({ model: MODEL, apiKey: KEY, baseURL: fake().url });

  it("sends system + user with a json_schema response format, and reads text and usage", async () => {
    fake().script(answer('{"verdict":"approve"}', { usage: { prompt_tokens: 30, completion_tokens: 4 } }));
    const a = groq();
    expect(a.provider).toBe("groq");
    const asked = request({ maxOutputTokens: 64 });
    const res = await a.complete(asked);

    expect(res).toEqual({ text: '{"verdict":"approve"}', usage: { inputTokens: 30, outputTokens: 4 } });
    expectChatCompletion(onlyRequest(fake().requests), {
      path: "/openai/v1/chat/completions",
      key: KEY,
      model: MODEL,
      request: asked,
    });
  });

  it("empty content → invalid_output", async () => {
    fake().script(answer(""));
    expect((await failure(groq().complete(request()))).kind).toBe("invalid_output");
  });
});
