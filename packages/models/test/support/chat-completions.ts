import { expect } from "vitest";
import type { AdapterRequest } from "../../src/adapter.ts";
import { startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from "../../src/testing/openai-server.ts";

/** The parts of a shared-suite case that come from the fake OpenAI server, for every OpenAI-wire adapter. */
export const FAKE_OPENAI_SERVER = {
  startFake: startFakeOpenAI,
  waitForRequests: (fake: FakeOpenAI, count: number) => fake.received(count),
};

export interface ExpectedChatCompletion {
  path: string;
  key: string;
  model: string;
  /** The request the adapter was given. */
  request: AdapterRequest;
}

/**
 * A chat-completions request as every OpenAI-wire adapter sends it: the system prompt as the first
 * message, the schema as a (non-strict) json_schema response format, the token cap as
 * max_completion_tokens.
 */
export function expectChatCompletion(
  sent: RecordedRequest,
  { path, key, model, request }: ExpectedChatCompletion,
): void {
  expect(sent.method).toBe("POST");
  expect(sent.path).toBe(path);
  expect(sent.headers.authorization).toBe(`Bearer ${key}`);
  expect(sent.body.model).toBe(model);
  expect(sent.body.messages).toEqual([{ role: "system", content: request.system }, ...request.messages]);
  expect(sent.body.response_format).toEqual({
    type: "json_schema",
    json_schema: { name: request.schemaName, schema: request.jsonSchema, strict: false },
  });
  expect(sent.body.max_completion_tokens).toBe(request.maxOutputTokens);
}
