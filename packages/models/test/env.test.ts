import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  applyRoster,
  chainFor,
  configuredProviders,
  createModelEnvironment,
  resolveModel,
  RosterError,
  type ModelBinding,
} from "@flotilla/models";
import { answer, startFakeOpenAI } from "../src/testing/openai-server.ts";

describe("providers from the environment", () => {
  it("finds every key variable of a provider, in name order, and keyless servers by base URL", () => {
    const p = configuredProviders({
      CEREBRAS_API_KEY_PERSONAL: "a",
      CEREBRAS_API_KEY_BOOK_EXPERT: "b",
      GROQ_API_KEY: "",
      VLLM_BASE_URL: "http://127.0.0.1:8000/v1",
    });
    expect(p.get("cerebras")?.keyVariables).toEqual(["CEREBRAS_API_KEY_BOOK_EXPERT", "CEREBRAS_API_KEY_PERSONAL"]);
    expect(p.has("groq")).toBe(false);
    expect(p.get("vllm")?.baseURL).toBe("http://127.0.0.1:8000/v1");
    expect(configuredProviders({}, { ollamaDetected: true }).has("ollama")).toBe(true);
  });

  it("builds a chain: the agent's model, its fallbacks, then every configured provider", () => {
    const configured = configuredProviders({ GROQ_API_KEY: "g", OPENAI_API_KEY: "o" });
    const chain = chainFor(
      { provider: "anthropic", model: "claude-x", fallbacks: [{ provider: "groq", model: "llama-x" }] },
      configured,
    );
    expect(chain.map((l) => `${l.provider}/${l.model}:${l.source}:${l.configured}`)).toEqual([
      "anthropic/claude-x:primary:false",
      "groq/llama-x:fallback:true",
      "openai/gpt-5-mini:any-configured:true",
    ]);
  });

  it("overrides rosters, models and fallbacks by variable, with errors that name the variable", () => {
    const agents: Array<{ name: string; model: ModelBinding }> = [
      { name: "a", model: { provider: "openai", model: "m1" } },
      { name: "b", model: { provider: "groq", model: "m2" } },
    ];
    const r = applyRoster("qa", agents, {
      FLOTILLA_QA_AGENTS: "b,a",
      FLOTILLA_QA_A_MODEL: "anthropic/claude-y",
      FLOTILLA_QA_A_FALLBACKS: "groq/llama-z",
    });
    expect(r.map((x) => `${x.name}=${x.model.provider}/${x.model.model}`)).toEqual([
      "b=groq/m2",
      "a=anthropic/claude-y",
    ]);
    expect(r[1]!.model.fallbacks).toEqual([{ provider: "groq", model: "llama-z" }]);
    expect(() => applyRoster("qa", agents, { FLOTILLA_QA_A_MODEL: "nope/x" })).toThrow(RosterError);
    expect(() => applyRoster("qa", agents, { FLOTILLA_QA_AGENTS: "zed" })).toThrow(/FLOTILLA_QA_AGENTS/);
  });

  it("uses several keys of one provider in turn", async () => {
    const fake = await startFakeOpenAI();
    fake.fallback(() => answer('{"ok":true}'));
    try {
      const menv = await createModelEnvironment(
        { OPENAI_API_KEY_ONE: "sk-one", OPENAI_API_KEY_TWO: "sk-two", OPENAI_BASE_URL: `${fake.url}/v1` },
        { mode: "auto", detectOllama: false },
      );
      expect(menv.simulated).toBe(false);
      const model = resolveModel({ provider: "openai", model: "gpt-x" }, menv);
      const call = {
        system: "s",
        prompt: "p",
        schema: z.object({ ok: z.boolean() }),
        schemaName: "Check",
        context: { team: "qa", agent: "t", role: "r", kind: "draft" as const, step: "x", taskText: "t" },
      };
      for (let i = 0; i < 4; i++) await model.generate(call);
      expect(fake.requests.map((r) => r.headers.authorization)).toEqual([
        "Bearer sk-one",
        "Bearer sk-two",
        "Bearer sk-one",
        "Bearer sk-two",
      ]);
    } finally {
      await fake.close();
    }
  });

  it("runs simulated when nothing is configured, or when asked", async () => {
    expect((await createModelEnvironment({}, { mode: "auto", detectOllama: false })).simulated).toBe(true);
    const asked = await createModelEnvironment({ OPENAI_API_KEY: "k" }, { mode: "simulated" });
    expect(asked).toMatchObject({ simulated: true, reason: "FLOTILLA_PROVIDER=simulated" });
  });
});
