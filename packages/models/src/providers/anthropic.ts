import Anthropic from "@anthropic-ai/sdk";
import type { AdapterRequest, AdapterResponse, AdapterSettings, ProviderAdapter } from "../adapter.ts";
import { ProviderError, toProviderError } from "../errors.ts";

const DEFAULT_MAX_TOKENS = 8192;
/**
 * Passed explicitly so the SDK skips its non-streaming guard, which refuses any `max_tokens`
 * it estimates would take over 10 minutes. The chain's signal is the real deadline.
 */
const CEILING_MS = 10 * 60_000;

/**
 * Claude through `@anthropic-ai/sdk`. The answer's structure is enforced with a forced tool
 * (`tool_choice: { type: "tool" }`): it works on every Claude model and accepts any JSON Schema,
 * whereas the native `output_config.format` is limited to recent models and refuses keywords
 * such as `minLength` that our zod-generated schemas carry.
 */
export function createAnthropicAdapter(settings: AdapterSettings): ProviderAdapter {
  const { model } = settings;
  const who = { provider: "anthropic" as const, model };
  const ctx = { ...who, keyVariable: settings.keyVariable ?? "ANTHROPIC_API_KEY", baseUrlVariable: "ANTHROPIC_BASE_URL" };
  // Without a key there is no client: the SDK would go looking for credentials on its own
  // (environment, profiles), and the key is the configuration's business.
  const client = settings.apiKey
    ? new Anthropic({ apiKey: settings.apiKey, baseURL: settings.baseURL, maxRetries: 0, timeout: CEILING_MS, fetch: settings.fetch })
    : undefined;

  return {
    provider: "anthropic",
    model,
    async complete(request: AdapterRequest): Promise<AdapterResponse> {
      if (!client) throw new ProviderError(`anthropic/${model}: no API key — set ${ctx.keyVariable}`, { ...who, kind: "auth", variable: ctx.keyVariable });
      let message: Anthropic.Message;
      try {
        message = await client.messages.create({
          model,
          system: request.system,
          messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
          max_tokens: request.maxOutputTokens ?? DEFAULT_MAX_TOKENS,
          tools: [{ name: request.schemaName, description: "Answer with this structure", input_schema: request.jsonSchema as Anthropic.Tool.InputSchema }],
          tool_choice: { type: "tool", name: request.schemaName },
        }, { signal: request.signal });
      } catch (err) {
        throw mapError(err, request.signal, ctx);
      }
      const answer = message.content.find((b): b is Anthropic.ToolUseBlock => b.type === "tool_use");
      if (!answer || message.stop_reason === "max_tokens") {
        const why = message.stop_reason === "max_tokens" ? `answer cut off at max_tokens (${request.maxOutputTokens ?? DEFAULT_MAX_TOKENS})` : `no ${request.schemaName} tool call in the answer (stop_reason ${message.stop_reason})`;
        throw new ProviderError(`anthropic/${model}: ${why}`, { ...who, kind: "invalid_output" });
      }
      const u = message.usage;
      return {
        text: JSON.stringify(answer.input),
        usage: { inputTokens: u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0), outputTokens: u.output_tokens },
      };
    },
  };
}

/**
 * The SDK reports any abort as APIUserAbortError, losing why; the signal's reason tells a
 * deadline (AbortSignal.timeout → TimeoutError) from a cancellation.
 */
function mapError(err: unknown, signal: AbortSignal, ctx: Parameters<typeof toProviderError>[1]): ProviderError {
  if (!signal.aborted) return toProviderError(err, ctx);
  const timedOut = (signal.reason as { name?: unknown } | undefined)?.name === "TimeoutError";
  return new ProviderError(`${ctx.provider}/${ctx.model}: request ${timedOut ? "timed out" : "aborted"}`, { provider: ctx.provider, model: ctx.model, kind: timedOut ? "timeout" : "aborted", cause: err });
}
