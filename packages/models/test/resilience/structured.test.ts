import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ProviderError } from "../../src/errors.ts";
import { generateStructured } from "../../src/resilience/index.ts";
import { hangDeaf, hangUntilAborted, scriptedAdapter } from "../../src/testing/index.ts";

const Tally = z.object({ name: z.string(), count: z.number().int() });
const call = (signal = new AbortController().signal) => ({
  system: "sys",
  prompt: "Count the cats",
  schema: Tally,
  schemaName: "Tally",
  signal,
});

describe("generateStructured", () => {
  it("sends the schema as input-side JSON Schema, converted once per schema", async () => {
    const adapter = scriptedAdapter("openai", "gpt-5", ['{"name":"cats","count":3}']);
    const r = await generateStructured(adapter, call());
    await generateStructured(adapter, call());
    expect(r).toEqual({ output: { name: "cats", count: 3 }, usage: { inputTokens: 10, outputTokens: 7 }, reasks: 0 });
    expect(adapter.requests[0]!.jsonSchema).toEqual(z.toJSONSchema(Tally, { io: "input" }));
    expect(adapter.requests[1]!.jsonSchema).toBe(adapter.requests[0]!.jsonSchema);
    expect(adapter.requests[0]).toMatchObject({
      system: "sys",
      schemaName: "Tally",
      messages: [{ role: "user", content: "Count the cats" }],
    });
  });

  it("strips ``` fences a model adds", async () => {
    const adapter = scriptedAdapter("openai", "gpt-5", ['```json\n{"name":"cats","count":3}\n```']);
    expect((await generateStructured(adapter, call())).output).toEqual({ name: "cats", count: 3 });
  });

  it("re-asks once after invalid JSON, then sums the usage", async () => {
    const adapter = scriptedAdapter("openai", "gpt-5", ["{name: cats", '{"name":"cats","count":3}']);
    const r = await generateStructured(adapter, call());
    expect(r.reasks).toBe(1);
    expect(r.usage).toEqual({ inputTokens: 20, outputTokens: 3 + 7 });
    const [prompt, answer, reask] = adapter.requests[1]!.messages;
    expect(prompt).toEqual({ role: "user", content: "Count the cats" });
    expect(answer).toEqual({ role: "assistant", content: "{name: cats" });
    expect(reask!.role).toBe("user");
    expect(reask!.content).toMatch(/not a valid Tally:\nnot valid JSON/);
  });

  it("quotes the validation error in the re-ask", async () => {
    const adapter = scriptedAdapter("openai", "gpt-5", [
      '{"name":"cats","count":"three"}',
      '{"name":"cats","count":3}',
    ]);
    const r = await generateStructured(adapter, call());
    expect(r.reasks).toBe(1);
    const reask = adapter.requests[1]!.messages[2]!.content;
    expect(reask).toContain(z.prettifyError(Tally.safeParse({ name: "cats", count: "three" }).error!));
    expect(reask).toMatch(/expected number.*\n.*count/);
  });

  it("fails with invalid_output after 1 + maxReasks calls, naming the model and the last error", async () => {
    const adapter = scriptedAdapter("groq", "llama", ['{"name":1}']);
    const err = await generateStructured(adapter, call()).catch((e) => e);
    expect(adapter.requests).toHaveLength(3);
    expect(adapter.requests[2]!.messages).toHaveLength(5);
    expect(ProviderError.is(err)).toBe(true);
    expect(err.kind).toBe("invalid_output");
    expect(err.isRetryable).toBe(false);
    expect(err.message).toMatch(
      /^groq\/llama: the answer did not match the Tally schema after 3 tries: .*expected string/s,
    );

    const once = scriptedAdapter("groq", "llama", ["nope"]);
    await expect(generateStructured(once, { ...call(), maxReasks: 0 })).rejects.toMatchObject({
      kind: "invalid_output",
    });
    expect(once.requests).toHaveLength(1);
  });

  it("ends a request at its time limit even when the adapter ignores the signal, as a retryable timeout", async () => {
    const err = await generateStructured(
      scriptedAdapter("ollama", "qwen3", [hangDeaf]),
      call(AbortSignal.timeout(20)),
    ).catch((e) => e);
    expect(err).toMatchObject({ kind: "timeout", provider: "ollama", model: "qwen3", isRetryable: true });
  });

  it("reports a cancellation as aborted, not retryable", async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 10);
    const err = await generateStructured(scriptedAdapter("ollama", "qwen3", [hangUntilAborted]), call(ac.signal)).catch(
      (e) => e,
    );
    expect(err).toMatchObject({ kind: "aborted", isRetryable: false });
  });

  it("maps an adapter's stray error to a ProviderError", async () => {
    const err = await generateStructured(scriptedAdapter("vllm", "m", [new Error("boom")]), call()).catch((e) => e);
    expect(ProviderError.is(err)).toBe(true);
    expect(err.message).toBe("vllm/m: boom");
  });
});
