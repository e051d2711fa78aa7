import { z } from "zod";
import type { AdapterRequest, AdapterResponse, ChatMessage, ProviderAdapter } from "../adapter.ts";
import { ProviderError, toProviderError } from "../errors.ts";
import type { Usage } from "../types.ts";

export interface StructuredCall<T> {
  system: string;
  prompt: string;
  schema: z.ZodType<T>;
  /** Letters, digits and _ (providers use it as the response format's name). */
  schemaName: string;
  /** Aborted on timeout (reason TimeoutError → kind "timeout") or cancellation (→ "aborted"). */
  signal: AbortSignal;
  /** Extra requests after an answer that is not valid JSON for the schema (default 2). */
  maxReasks?: number;
  maxOutputTokens?: number;
}

export interface StructuredResult<T> {
  output: T;
  /** Summed over the first request and every re-ask: all of it was billed. */
  usage: Usage;
  reasks: number;
}

// Converting is not free and the schemas are module constants: once per schema per process.
const jsonSchemas = new WeakMap<z.ZodType, Record<string, unknown>>();

/** The JSON Schema sent to the provider; the input side, since the model writes what we parse. */
export function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  let json = jsonSchemas.get(schema);
  if (!json) jsonSchemas.set(schema, (json = z.toJSONSchema(schema, { io: "input" }) as Record<string, unknown>));
  return json;
}

type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Parses and validates an answer; models add ``` fences even under structured output. */
export function checkAnswer<T>(text: string, schema: z.ZodType<T>): Checked<T> {
  const trimmed = text.trim();
  const fenced = /^```[\w-]*\s*\n?([\s\S]*?)\n?\s*```$/.exec(trimmed);
  let raw: unknown;
  try {
    raw = JSON.parse(fenced ? fenced[1]! : trimmed);
  } catch (err) {
    return { ok: false, problem: `not valid JSON (${(err as Error).message})` };
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: z.prettifyError(parsed.error) };
}

/**
 * One request, bounded by the signal even when an adapter ignores it, with every failure as a
 * ProviderError: an abort becomes "timeout" (retryable) when the time limit fired, else "aborted".
 */
async function complete(adapter: ProviderAdapter, request: AdapterRequest): Promise<AdapterResponse> {
  const { signal } = request;
  let onAbort = () => {};
  try {
    signal.throwIfAborted();
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
    });
    return await Promise.race([adapter.complete(request), aborted]);
  } catch (err) {
    const at = `${adapter.provider}/${adapter.model}`;
    if (signal.aborted && !(ProviderError.is(err) && err.kind === "timeout")) {
      const timedOut = (signal.reason as { name?: string } | undefined)?.name === "TimeoutError";
      throw new ProviderError(timedOut ? `${at}: no answer within the time limit` : `${at}: request cancelled`, {
        provider: adapter.provider,
        model: adapter.model,
        kind: timedOut ? "timeout" : "aborted",
        cause: err,
      });
    }
    throw toProviderError(err, { provider: adapter.provider, model: adapter.model });
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

/**
 * Asks the adapter for an answer matching `schema`. An answer that is not JSON or fails
 * validation is shown back to the model with the validation error, up to `maxReasks` times;
 * then it fails with kind "invalid_output" (not retryable: the same prompt would fail the same way,
 * so the chain falls back to the next model instead).
 *
 * @example
 * const { output } = await generateStructured(adapter, { system, prompt, schema: Ballot, schemaName: "Ballot", signal });
 */
export async function generateStructured<T>(
  adapter: ProviderAdapter,
  call: StructuredCall<T>,
): Promise<StructuredResult<T>> {
  const { schema, schemaName, signal, maxReasks = 2 } = call;
  const jsonSchema = jsonSchemaOf(schema);
  const messages: ChatMessage[] = [{ role: "user", content: call.prompt }];
  const usage: Usage = { inputTokens: 0, outputTokens: 0 };
  let problem = "";
  for (let reasks = 0; reasks <= maxReasks; reasks++) {
    const answer = await complete(adapter, {
      system: call.system,
      messages: [...messages],
      jsonSchema,
      schemaName,
      signal,
      ...(call.maxOutputTokens === undefined ? {} : { maxOutputTokens: call.maxOutputTokens }),
    });
    usage.inputTokens += answer.usage.inputTokens;
    usage.outputTokens += answer.usage.outputTokens;
    const checked = checkAnswer(answer.text, schema);
    if (checked.ok) return { output: checked.value, usage, reasks };
    problem = checked.problem;
    messages.push(
      { role: "assistant", content: answer.text },
      {
        role: "user",
        content: `That answer is not a valid ${schemaName}:\n${problem}\nReply again with only the corrected JSON.`,
      },
    );
  }
  throw new ProviderError(
    `${adapter.provider}/${adapter.model}: the answer did not match the ${schemaName} schema after ${maxReasks + 1} tries: ${problem}`,
    { provider: adapter.provider, model: adapter.model, kind: "invalid_output" },
  );
}
