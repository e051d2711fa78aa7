import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createModelEnvironment, resolveModel, type ModelEnvironmentOptions } from "../../src/resolve.ts";
import type { CallEvent } from "../../src/resilience/index.ts";
import type { CallContext } from "../../src/types.ts";
import { answer, httpError, startFakeOpenAI, type FakeOpenAI } from "../../src/testing/openai-server.ts";
import { startFakeAnthropic, type FakeAnthropic } from "../../src/testing/anthropic-server.ts";
import { failure } from "../support/adapter-fixtures.ts";

/**
 * The whole path an agent's call takes — environment → fallback chain → retries, time limit,
 * re-asks → official SDKs → HTTP — against fake OpenAI and Anthropic servers. Everything is
 * asserted from the outside: requests counted (and read) at the fake servers.
 */

const OPENAI_KEY = "sk-test-openai-7f3a9c2e51d04b88";
const ANTHROPIC_KEY = "sk-ant-test-4b1e8d6f02a9c735";
const Check = z.object({ ok: z.boolean() });
const context: CallContext = { team: "qa", agent: "tester", role: "r", kind: "draft", step: "test", taskText: "t" };
const TIMEOUT_MS = 250;

let openai: FakeOpenAI;
let anthropic: FakeAnthropic;
beforeEach(async () => {
  [openai, anthropic] = await Promise.all([startFakeOpenAI(), startFakeAnthropic()]);
});
afterEach(async () => {
  await Promise.all([openai.close(), anthropic.close()]);
});

/** Chat-completions requests the fake OpenAI received (it also records other routes). */
const openaiCalls = () => openai.requests.filter((r) => r.path.endsWith("/chat/completions"));

/** gpt-test on the fake OpenAI, then Anthropic's default model as the any-configured fallback. */
async function agentModel(over: Partial<ModelEnvironmentOptions> = {}, openaiBaseURL = `${openai.url}/v1`) {
  const events: CallEvent[] = [];
  const env = {
    OPENAI_API_KEY: OPENAI_KEY,
    OPENAI_BASE_URL: openaiBaseURL,
    ANTHROPIC_API_KEY: ANTHROPIC_KEY,
    ANTHROPIC_BASE_URL: anthropic.url,
  };
  const menv = await createModelEnvironment(env, {
    mode: "auto",
    detectOllama: false,
    timeoutMs: TIMEOUT_MS,
    maxRetries: 2,
    retryBaseMs: 20,
    breakerRecoveryMs: 200,
    onEvent: (e) => events.push(e),
    ...over,
  });
  const model = resolveModel({ provider: "openai", model: "gpt-test", fallbacks: [] }, menv);
  const ask = () =>
    model.generate({ system: "You check things.", prompt: "Is it ok?", schema: Check, schemaName: "Check", context });
  return { model, ask, events };
}

describe("an agent's model over HTTP (fake OpenAI, then Anthropic)", () => {
  it("chains the agent's own model first and every other configured provider after it", async () => {
    const { model } = await agentModel();
    expect(model).toMatchObject({ provider: "openai", modelId: "gpt-test", simulated: false });
  });

  it("waits out a 429's retry-after, then retries the same provider", async () => {
    openai.script(httpError(429, { headers: { "retry-after": "1" } }), answer('{"ok":true}'));
    const { ask } = await agentModel();
    const started = performance.now();
    const res = await ask();
    const elapsed = performance.now() - started;

    expect(openaiCalls()).toHaveLength(2);
    expect(anthropic.requests).toHaveLength(0);
    expect(res).toMatchObject({
      output: { ok: true },
      retries: 1,
      fallbacks: 0,
      served: { provider: "openai", model: "gpt-test" },
    });
    // retryBaseMs is 20: only the header explains a ~1 s wait.
    expect(elapsed).toBeGreaterThanOrEqual(950);
  });

  it("retries a 500 maxRetries times, then falls back to Anthropic", async () => {
    openai.fallback(httpError(500, { type: "server_error" }));
    anthropic.script({ answer: { ok: true } });
    const { ask } = await agentModel();
    const res = await ask();

    expect(openaiCalls()).toHaveLength(3); // 1 + maxRetries 2
    expect(anthropic.requests).toHaveLength(1);
    expect(anthropic.requests[0]!.path).toBe("/v1/messages");
    expect(res).toMatchObject({
      output: { ok: true },
      retries: 2,
      fallbacks: 1,
      served: { provider: "anthropic", model: "claude-sonnet-4-6" },
    });
  });

  it("aborts a request that hangs past timeoutMs, retries it, then falls back", async () => {
    // A server that never answers and notes when the client hangs up: the fake cannot see that.
    const hung: Array<{ arrived: number; closed?: number }> = [];
    const silent = createServer((req) => {
      const seen: { arrived: number; closed?: number } = { arrived: performance.now() };
      hung.push(seen);
      req.socket.once("close", () => {
        seen.closed = performance.now();
      });
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      anthropic.script({ answer: { ok: true } });
      const { ask, events } = await agentModel({}, `http://127.0.0.1:${(silent.address() as AddressInfo).port}/v1`);
      const started = performance.now();
      const res = await ask();
      const elapsed = performance.now() - started;

      expect(hung).toHaveLength(3); // 1 + maxRetries 2
      // The client hung up on each request once its time limit ran out, not before and not much later.
      for (const h of hung) {
        expect(h.closed, "the hung request was never aborted").toBeDefined();
        expect(h.closed! - h.arrived).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
        expect(h.closed! - h.arrived).toBeLessThan(TIMEOUT_MS + 500);
      }
      expect(elapsed).toBeLessThan(3 * TIMEOUT_MS + 1_000);
      expect(res).toMatchObject({ output: { ok: true }, retries: 2, fallbacks: 1, served: { provider: "anthropic" } });
      expect(events.find((e) => e.type === "link_failed")).toMatchObject({
        failure: { provider: "openai", kind: "timeout" },
      });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("shows an answer that fails the schema back to the model with the validation error", async () => {
    openai.script(answer('{"ok":"yes"}'), answer('{"ok":true}'));
    const { ask } = await agentModel();
    const res = await ask();

    expect(openaiCalls()).toHaveLength(2);
    expect(anthropic.requests).toHaveLength(0);
    expect(res).toMatchObject({
      output: { ok: true },
      retries: 0,
      fallbacks: 0,
      reasks: 1,
      served: { provider: "openai" },
    });
    const [first, second] = openaiCalls().map((r) => r.body.messages as Array<{ role: string; content: string }>);
    expect(first!.map((m) => m.role)).toEqual(["system", "user"]);
    expect(second!.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(second![2]!.content).toBe('{"ok":"yes"}');
    expect(second![3]!.content).toContain("not a valid Check");
    expect(second![3]!.content).toMatch(/expected boolean/i);
    expect(second![3]!.content).toContain("ok");
  });

  it("does not retry a 401 but falls back to the next provider", async () => {
    openai.script(httpError(401, { type: "invalid_request_error", code: "invalid_api_key" }));
    anthropic.script({ answer: { ok: true } });
    const { ask } = await agentModel();
    const res = await ask();

    expect(openaiCalls()).toHaveLength(1);
    expect(anthropic.requests).toHaveLength(1);
    expect(res).toMatchObject({ retries: 0, fallbacks: 1, served: { provider: "anthropic" } });
  });

  it("fails with AllProvidersFailedError naming each key variable, never a key, when every key is refused", async () => {
    // Like the real APIs, the refusals quote the key they were given.
    openai.fallback(httpError(401, { message: `Incorrect API key provided: ${OPENAI_KEY}`, code: "invalid_api_key" }));
    anthropic.fallback(() => ({ status: 401, message: `invalid x-api-key ${ANTHROPIC_KEY}` }));
    const { ask } = await agentModel();
    const err = await failure(ask());

    expect(openaiCalls()).toHaveLength(1);
    expect(anthropic.requests).toHaveLength(1);
    expect(err.name).toBe("AllProvidersFailedError");
    expect(err.isRetryable).toBe(false);
    expect(err.kind).toBe("auth");
    expect(err.message).toContain("OPENAI_API_KEY");
    expect(err.message).toContain("ANTHROPIC_API_KEY");
    expect((err as unknown as { failures: unknown[] }).failures).toMatchObject([
      { provider: "openai", kind: "auth", variable: "OPENAI_API_KEY" },
      { provider: "anthropic", kind: "auth", variable: "ANTHROPIC_API_KEY" },
    ]);
    const shown = `${err.message} ${err.stack} ${JSON.stringify(err)}`;
    for (const key of [OPENAI_KEY, ANTHROPIC_KEY]) expect(shown).not.toContain(key);
  });
});
