import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { CallContext } from "../../src/types.ts";
import { ProviderError, type ProviderErrorKind } from "../../src/errors.ts";
import type { ProviderId } from "../../src/adapter.ts";
import {
  AllProvidersFailedError,
  BreakerRegistry,
  createResilientModel,
  Limiter,
  type CallEvent,
  type ChainLink,
  type ResilientModelOptions,
} from "../../src/resilience/index.ts";
import { hangDeaf, hangUntilAborted, scriptedAdapter } from "../../src/testing/index.ts";

const Answer = z.object({ answer: z.string() });
const ok = '{"answer":"42"}';
const context: CallContext = {
  team: "qa",
  agent: "tester",
  role: "QA engineer",
  kind: "draft",
  step: "test",
  taskText: "t",
};
const fail = (provider: ProviderId, model: string, kind: ProviderErrorKind) =>
  new ProviderError(`${provider}/${model}: ${kind}`, { provider, model, kind });

function model(links: ChainLink[], over: Partial<ResilientModelOptions> = {}) {
  const events: CallEvent[] = [];
  const breakers = new BreakerRegistry();
  const m = createResilientModel({
    links,
    breakers,
    limiter: new Limiter(),
    retry: { sleep: async () => {} },
    onEvent: (e) => events.push(e),
    ...over,
  });
  const generate = (signal?: AbortSignal) =>
    m.generate({ system: "s", prompt: "p", schema: Answer, schemaName: "Answer", context, signal });
  return { m, breakers, events, generate };
}

describe("createResilientModel", () => {
  it("describes its first link and is not simulated", () => {
    const { m } = model([
      { adapter: scriptedAdapter("openai", "gpt-5", [ok]) },
      { adapter: scriptedAdapter("groq", "llama", [ok]) },
    ]);
    expect(m).toMatchObject({ provider: "openai", modelId: "gpt-5", simulated: false });
  });

  it("retries a transient failure on the same link", async () => {
    const openai = scriptedAdapter("openai", "gpt-5", [fail("openai", "gpt-5", "server"), ok]);
    const r = await model([{ adapter: openai }]).generate();
    expect(r).toMatchObject({
      output: { answer: "42" },
      retries: 1,
      fallbacks: 0,
      served: { provider: "openai", model: "gpt-5" },
    });
    expect(openai.requests).toHaveLength(2);
  });

  it("falls back on a 401 without retrying it", async () => {
    const openai = scriptedAdapter("openai", "gpt-5", [fail("openai", "gpt-5", "auth")]);
    const groq = scriptedAdapter("groq", "llama", [ok]);
    const { generate, events } = model([{ adapter: openai, keyVariable: "OPENAI_API_KEY" }, { adapter: groq }]);
    const r = await generate();
    expect(r).toMatchObject({
      output: { answer: "42" },
      retries: 0,
      fallbacks: 1,
      reasks: 0,
      served: { provider: "groq", model: "llama" },
    });
    expect(openai.requests).toHaveLength(1);
    expect(events.map((e) => e.type)).toEqual(["link_failed", "served"]);
    expect(events[0]).toMatchObject({
      agent: "qa/tester",
      failure: { provider: "openai", kind: "auth", variable: "OPENAI_API_KEY" },
    });
  });

  it("falls back on invalid output after the re-asks, without retrying", async () => {
    const openai = scriptedAdapter("openai", "gpt-5", ["not json"]);
    const groq = scriptedAdapter("groq", "llama", [ok]);
    const r = await model([{ adapter: openai }, { adapter: groq }]).generate();
    expect(openai.requests).toHaveLength(3);
    expect(r).toMatchObject({ retries: 0, fallbacks: 1, served: { provider: "groq" } });
  });

  it("skips a link whose circuit is open, without calling it", async () => {
    const openai = scriptedAdapter("openai", "gpt-5", [ok]);
    const groq = scriptedAdapter("groq", "llama", [ok]);
    const { generate, breakers, events } = model([{ adapter: openai }, { adapter: groq }]);
    for (let i = 0; i < 3; i++)
      await breakers
        .for("openai", "gpt-5")
        .call(async () => {
          throw fail("openai", "gpt-5", "server");
        })
        .catch(() => {});
    const r = await generate();
    expect(openai.requests).toHaveLength(0);
    expect(r).toMatchObject({ fallbacks: 1, served: { provider: "groq", model: "llama" } });
    expect(events[0]).toMatchObject({
      type: "skipped",
      provider: "openai",
      model: "gpt-5",
      retryAt: expect.any(Number),
    });
  });

  it("stops retrying a link once its breaker opens, and reports the real failure", async () => {
    const openai = scriptedAdapter("openai", "gpt-5", [fail("openai", "gpt-5", "server")]);
    const groq = scriptedAdapter("groq", "llama", [ok]);
    const sleeps: number[] = [];
    const { generate, events } = model([{ adapter: openai }, { adapter: groq }], {
      retry: { maxRetries: 5, sleep: async (ms) => void sleeps.push(ms) },
    });
    const r = await generate();
    expect(openai.requests).toHaveLength(3);
    // No wait after the failure that opened the breaker: 2 waits, 2 retries, then the fallback.
    expect(sleeps).toHaveLength(2);
    expect(r).toMatchObject({ retries: 2, fallbacks: 1, served: { provider: "groq" } });
    expect(events.find((e) => e.type === "link_failed")).toMatchObject({
      failure: { kind: "server", breakerOpen: true },
    });
  });

  it("aborts an adapter that never answers after timeoutMs, as a retryable timeout", async () => {
    const deaf = scriptedAdapter("ollama", "qwen3", [hangDeaf]);
    const polite = scriptedAdapter("vllm", "m", [hangUntilAborted]);
    const { generate, breakers } = model([{ adapter: deaf }, { adapter: polite }], {
      timeoutMs: 30,
      retry: { maxRetries: 1, sleep: async () => {} },
    });
    const started = performance.now();
    const err = await generate().catch((e) => e);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(err.failures.map((f: { kind: string }) => f.kind)).toEqual(["timeout", "timeout"]);
    expect(deaf.requests).toHaveLength(2); // timed out, then retried
    expect(polite.requests.every((r) => r.signal.aborted)).toBe(true);
    expect(breakers.for("ollama", "qwen3").consecutiveFailures).toBe(2);
  });

  it("stops at once when the caller cancels: no retry, no fallback", async () => {
    const openai = scriptedAdapter("openai", "gpt-5", [hangUntilAborted]);
    const groq = scriptedAdapter("groq", "llama", [ok]);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 10);
    const { generate, events } = model([{ adapter: openai }, { adapter: groq }]);
    const err = await generate(ac.signal).catch((e) => e);
    expect(err).toMatchObject({ name: "ProviderError", kind: "aborted", provider: "openai" });
    expect(events).toEqual([]);
    expect(openai.requests).toHaveLength(1);
    expect(groq.requests).toHaveLength(0);
  });

  it("throws AllProvidersFailedError listing each link and what to fix", async () => {
    const openai = scriptedAdapter("openai", "gpt-5", [fail("openai", "gpt-5", "auth")]);
    const groq = scriptedAdapter("groq", "llama", [fail("groq", "llama", "timeout")]);
    const { generate, events } = model(
      [
        { adapter: openai, keyVariable: "OPENAI_API_KEY" },
        { adapter: groq, keyVariable: "GROQ_API_KEY" },
      ],
      {
        retry: { maxRetries: 1, sleep: async () => {} },
      },
    );
    const err = await generate().catch((e) => e);
    expect(err).toBeInstanceOf(AllProvidersFailedError);
    expect(err.name).toBe("AllProvidersFailedError");
    expect(ProviderError.is(err)).toBe(true);
    expect(err.isRetryable).toBe(false);
    expect(err.message).toBe(
      "every provider failed for agent qa/tester: openai/gpt-5 auth (check OPENAI_API_KEY); groq/llama timeout",
    );
    expect(err.failures).toEqual([
      { provider: "openai", model: "gpt-5", kind: "auth", message: "openai/gpt-5: auth", variable: "OPENAI_API_KEY" },
      { provider: "groq", model: "llama", kind: "timeout", message: expect.stringMatching(/^groq\/llama: timeout/) },
    ]);
    expect(groq.requests).toHaveLength(2);
    expect(events.at(-1)).toMatchObject({ type: "all_failed", failures: err.failures });
  });

  it("limits concurrent requests per provider", async () => {
    let running = 0,
      peak = 0;
    const slow = scriptedAdapter("cerebras", "llama", [
      async () => {
        peak = Math.max(peak, ++running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return ok;
      },
    ]);
    const { generate } = model([{ adapter: slow }], { maxConcurrencyPerProvider: 2 });
    await Promise.all([generate(), generate(), generate(), generate()]);
    expect(peak).toBe(2);
  });
});
