import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createModelEnvironment, resolveModel, type ModelEnvironmentOptions } from "../../src/resolve.ts";
import type { CallContext } from "../../src/types.ts";
import { answer, httpError, startFakeOpenAI, type FakeOpenAI } from "../../src/testing/openai-server.ts";
import { startFakeAnthropic, type FakeAnthropic } from "../../src/testing/anthropic-server.ts";

/**
 * The circuit breaker seen from the provider's side: once OPEN, an agent's calls send nothing
 * to the failing provider (counted at the fake server) and go straight to the next one; after
 * the recovery time, trial calls reach it again. SPEC §10: threshold 3, half-open 2 calls.
 */

const Check = z.object({ ok: z.boolean() });
const context: CallContext = { team: "qa", agent: "tester", role: "r", kind: "draft", step: "test", taskText: "t" };
const RECOVERY_MS = 400;

let openai: FakeOpenAI;
let anthropic: FakeAnthropic;
beforeEach(async () => {
  [openai, anthropic] = await Promise.all([startFakeOpenAI(), startFakeAnthropic()]);
  openai.fallback(httpError(500, { type: "server_error" }));
  anthropic.fallback(() => ({ answer: { ok: true } }));
});
afterEach(async () => {
  await Promise.all([openai.close(), anthropic.close()]);
});

const openaiCalls = () => openai.requests.filter((r) => r.path.endsWith("/chat/completions")).length;

async function agentModel(over: Partial<ModelEnvironmentOptions> = {}) {
  const env = {
    OPENAI_API_KEY: "sk-test-breaker-0123456789",
    OPENAI_BASE_URL: `${openai.url}/v1`,
    ANTHROPIC_API_KEY: "sk-ant-test-breaker-0123456789",
    ANTHROPIC_BASE_URL: anthropic.url,
  };
  const menv = await createModelEnvironment(env, {
    mode: "auto",
    detectOllama: false,
    timeoutMs: 2_000,
    maxRetries: 0,
    retryBaseMs: 20,
    breakerRecoveryMs: RECOVERY_MS,
    ...over,
  });
  const model = resolveModel({ provider: "openai", model: "gpt-test", fallbacks: [] }, menv);
  const ask = () =>
    model.generate({ system: "You check things.", prompt: "Is it ok?", schema: Check, schemaName: "Check", context });
  return { ask, breaker: () => menv.breakers.states().find((b) => b.key === "openai/gpt-test") };
}

/** Three failing calls in a row (no retries): the third opens the circuit. */
async function openCircuit(ask: () => Promise<{ served?: { provider: string } }>) {
  for (let i = 1; i <= 3; i++) {
    expect((await ask()).served?.provider).toBe("anthropic");
    expect(openaiCalls()).toBe(i);
  }
}

describe("circuit breaker over HTTP", () => {
  it("opens after 3 failing calls: the 4th sends nothing to OpenAI and goes straight to Anthropic", async () => {
    const { ask, breaker } = await agentModel();
    await openCircuit(ask);
    const before = anthropic.requests.length;

    const fourth = await ask();
    expect(openaiCalls()).toBe(3);
    expect(anthropic.requests.length).toBe(before + 1);
    expect(fourth).toMatchObject({ output: { ok: true }, retries: 0, fallbacks: 1, served: { provider: "anthropic" } });
    expect(breaker()?.state).toBe("OPEN");
  });

  it("half-opens after the recovery time and closes again after 2 successful trial calls", async () => {
    const { ask, breaker } = await agentModel();
    await openCircuit(ask);
    await sleep(RECOVERY_MS + 20);

    openai.script(answer('{"ok":true}'), answer('{"ok":true}'));
    expect((await ask()).served?.provider).toBe("openai");
    expect(openaiCalls()).toBe(4);
    expect(breaker()?.state).toBe("HALF_OPEN"); // SPEC §10: 2 trial calls must succeed
    expect((await ask()).served?.provider).toBe("openai");
    expect(openaiCalls()).toBe(5);
    expect(breaker()?.state).toBe("CLOSED");

    // Closed for real: one failure no longer re-opens it (a half-open circuit would), so the next call reaches OpenAI.
    expect((await ask()).served?.provider).toBe("anthropic");
    openai.script(answer('{"ok":true}'));
    expect((await ask()).served?.provider).toBe("openai");
    expect(openaiCalls()).toBe(7);
  });

  it("re-opens at once when a trial call fails, even after a successful one", async () => {
    const { ask } = await agentModel();
    await openCircuit(ask);
    await sleep(RECOVERY_MS + 20);

    expect((await ask()).served?.provider).toBe("anthropic"); // the trial: a 500
    expect(openaiCalls()).toBe(4);
    expect((await ask()).served?.provider).toBe("anthropic"); // skipped, open again
    expect(openaiCalls()).toBe(4);

    await sleep(RECOVERY_MS + 20);
    openai.script(answer('{"ok":true}')); // then 500s again
    expect((await ask()).served?.provider).toBe("openai"); // first trial passes…
    expect((await ask()).served?.provider).toBe("anthropic"); // …the second fails: one failure is enough
    expect(openaiCalls()).toBe(6);
    expect((await ask()).served?.provider).toBe("anthropic");
    expect(openaiCalls()).toBe(6);

    // Open, not stuck half-open with its trial slots used up: it lets trials through again.
    await sleep(RECOVERY_MS + 20);
    openai.script(answer('{"ok":true}'));
    expect((await ask()).served?.provider).toBe("openai");
    expect(openaiCalls()).toBe(7);
  });

  it("counts attempts, not calls: one call whose retries all fail opens the circuit", async () => {
    const { ask, breaker } = await agentModel({ maxRetries: 3 });
    const res = await ask();
    // The 3rd failed attempt opens the circuit, so the 4th attempt (maxRetries 3) is never sent,
    // and the call falls back at once instead of waiting out a backoff first: 2 retries reached OpenAI.
    expect(openaiCalls()).toBe(3);
    expect(res).toMatchObject({ fallbacks: 1, served: { provider: "anthropic" }, retries: 2 });
    expect(breaker()?.state).toBe("OPEN");
    await ask();
    expect(openaiCalls()).toBe(3);
  });
});
