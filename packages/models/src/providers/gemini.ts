import { GoogleGenAI, type GenerateContentResponse } from "@google/genai";
import type { AdapterRequest, AdapterResponse, AdapterSettings, ProviderAdapter } from "../adapter.ts";
import { ProviderError, toProviderError } from "../errors.ts";
import { missingKeyError } from "./sdk-fetch.ts";

/**
 * Gemini through `@google/genai` (the maintained successor of `@google/generative-ai`), with
 * the answer's JSON Schema sent as `responseJsonSchema`, Gemini's native structured output.
 *
 * @example
 * const gemini = createGeminiAdapter({ model: "gemini-2.5-flash", apiKey, keyVariable: "GOOGLE_API_KEY" });
 * const { text, usage } = await gemini.complete({ system, messages, jsonSchema, schemaName: "CodeBundle", signal });
 */
export function createGeminiAdapter(settings: AdapterSettings): ProviderAdapter {
  const { model } = settings;
  const who = { provider: "google" as const, model };
  const ctx = {
    ...who,
    keyVariable: settings.keyVariable ?? "GOOGLE_API_KEY",
    baseUrlVariable: "GOOGLE_GEMINI_BASE_URL",
  };
  // Without a key there is no client (the SDK would fall back to GOOGLE_API_KEY/GEMINI_API_KEY).
  // Backend and API version are pinned so GOOGLE_GENAI_USE_VERTEXAI / GOOGLE_GENAI_API_VERSION
  // cannot move the client elsewhere; one attempt only, the chain owns retries.
  const client = settings.apiKey
    ? new GoogleGenAI({
        apiKey: settings.apiKey,
        vertexai: false,
        apiVersion: "v1beta",
        httpOptions: { baseUrl: settings.baseURL, fetch: settings.fetch, retryOptions: { attempts: 1 } },
      })
    : undefined;

  return {
    provider: "google",
    model,
    async complete(request: AdapterRequest): Promise<AdapterResponse> {
      if (!client) throw missingKeyError(ctx);
      const { $schema: _, ...schema } = request.jsonSchema;
      let response: GenerateContentResponse;
      try {
        response = await client.models.generateContent({
          model,
          contents: request.messages.map((m) => ({
            role: m.role === "assistant" ? "model" : "user",
            parts: [{ text: m.content }],
          })),
          config: {
            systemInstruction: request.system,
            responseMimeType: "application/json",
            responseJsonSchema: schema,
            maxOutputTokens: request.maxOutputTokens,
            abortSignal: request.signal,
          },
        });
      } catch (err) {
        throw mapError(err, request.signal, ctx);
      }
      const text = response.text;
      if (!text) {
        const candidate = response.candidates?.[0];
        const why = response.promptFeedback?.blockReason
          ? `prompt blocked (${response.promptFeedback.blockReason})`
          : `no text in the answer (finishReason ${candidate?.finishReason ?? "none"})`;
        throw new ProviderError(`google/${model}: ${why}`, { ...who, kind: "invalid_output" });
      }
      const u = response.usageMetadata;
      // Thinking models bill their thoughts as output, outside candidatesTokenCount.
      return {
        text,
        usage: {
          inputTokens: u?.promptTokenCount ?? 0,
          outputTokens: (u?.candidatesTokenCount ?? 0) + (u?.thoughtsTokenCount ?? 0),
        },
      };
    },
  };
}

type Ctx = Parameters<typeof toProviderError>[1] & { keyVariable: string };

function mapError(err: unknown, signal: AbortSignal, ctx: Ctx): ProviderError {
  const who = { provider: ctx.provider, model: ctx.model, cause: err };
  if (signal.aborted) {
    // The SDK aborts fetch through a signal of its own, so the caller's reason is lost there.
    const timedOut = (signal.reason as { name?: unknown } | undefined)?.name === "TimeoutError";
    return new ProviderError(`${ctx.provider}/${ctx.model}: request ${timedOut ? "timed out" : "aborted"}`, {
      ...who,
      kind: timedOut ? "timeout" : "aborted",
    });
  }
  const mapped = toProviderError(err, ctx);
  const apiError = err as { name?: unknown; status?: unknown; message?: unknown };
  if (apiError?.name !== "ApiError" || typeof apiError.status !== "number" || typeof apiError.message !== "string")
    return mapped;
  // ApiError keeps the status and the body (as its message) but not the headers: the retry
  // delay and the reason a key was refused are read from the body's google.rpc details.
  const details = errorDetails(apiError.message);
  if (details.reason === "API_KEY_INVALID") {
    return new ProviderError(
      `${ctx.provider}/${ctx.model}: HTTP ${apiError.status} API key not valid — check ${ctx.keyVariable}`,
      { ...who, kind: "auth", status: apiError.status, variable: ctx.keyVariable },
    );
  }
  if (mapped.retryAfterMs === undefined && details.retryDelayMs !== undefined) {
    return new ProviderError(mapped.message, {
      ...who,
      kind: mapped.kind,
      status: mapped.status,
      variable: mapped.variable,
      retryAfterMs: details.retryDelayMs,
    });
  }
  return mapped;
}

/** ErrorInfo.reason and RetryInfo.retryDelay ("2s", "0.5s") from a Google API error body. */
function errorDetails(body: string): { reason?: string; retryDelayMs?: number } {
  let details: unknown;
  try {
    details = (JSON.parse(body) as { error?: { details?: unknown } }).error?.details;
  } catch {
    return {};
  }
  const out: { reason?: string; retryDelayMs?: number } = {};
  for (const d of Array.isArray(details) ? (details as Array<Record<string, unknown>>) : []) {
    const type = String(d["@type"] ?? "");
    if (type.endsWith("google.rpc.ErrorInfo") && typeof d.reason === "string") out.reason = d.reason;
    const delay =
      type.endsWith("google.rpc.RetryInfo") && typeof d.retryDelay === "string"
        ? /^(\d+(?:\.\d+)?)s$/.exec(d.retryDelay)
        : null;
    if (delay) out.retryDelayMs = Math.round(Number(delay[1]) * 1000);
  }
  return out;
}
