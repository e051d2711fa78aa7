import Anthropic from "@anthropic-ai/sdk";
import { stderrLogger } from "@flotilla/log";
import type { AdapterRequest, AdapterResponse, AdapterSettings, ProviderAdapter } from "../adapter.ts";
import { ProviderError } from "../errors.ts";
import { SDK_TIMEOUT_MS, mapSdkError, missingKeyError, type ErrorContext } from "./sdk-fetch.ts";

const DEFAULT_MAX_TOKENS = 8192;

/**
 * Claude through `@anthropic-ai/sdk`. The answer's structure is enforced with a forced tool
 * (`tool_choice: { type: "tool" }`): it works on every Claude model and accepts any JSON Schema,
 * whereas the native `output_config.format` is limited to recent models and refuses keywords
 * such as `minLength` that our zod-generated schemas carry. The chain validates the answer.
 *
 * @example
 * const claude = createAnthropicAdapter({ model: "claude-sonnet-4-6", apiKey, keyVariable: "ANTHROPIC_API_KEY" });
 * const { text, usage } = await claude.complete({ system, messages, jsonSchema, schemaName: "CodeBundle", signal });
 */
export function createAnthropicAdapter(settings: AdapterSettings): ProviderAdapter {
  const { model } = settings;
  const ctx: ErrorContext = {
    provider: "anthropic",
    model,
    keyVariable: settings.keyVariable ?? "ANTHROPIC_API_KEY",
    baseUrlVariable: "ANTHROPIC_BASE_URL",
    apiKey: settings.apiKey,
  };
  // Without a key there is no client: the SDK would look for credentials on its own
  // (environment, profiles). An explicit timeout also skips the SDK's guard that refuses a
  // non-streaming `max_tokens` it estimates would take over 10 minutes; the signal is the deadline.
  const client = settings.apiKey
    ? new Anthropic({
        apiKey: settings.apiKey,
        baseURL: settings.baseURL,
        maxRetries: 0,
        timeout: SDK_TIMEOUT_MS,
        fetch: settings.fetch,
        logger: stderrLogger,
      })
    : undefined;

  return {
    provider: "anthropic",
    model,
    async complete(request: AdapterRequest): Promise<AdapterResponse> {
      if (!client) throw missingKeyError(ctx);
      const maxTokens = request.maxOutputTokens ?? DEFAULT_MAX_TOKENS;
      let message: Anthropic.Message;
      try {
        message = await client.messages.create(
          {
            model,
            system: request.system,
            messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
            max_tokens: maxTokens,
            tools: [
              {
                name: request.schemaName,
                description: "Answer with this structure",
                input_schema: request.jsonSchema as Anthropic.Tool.InputSchema,
              },
            ],
            tool_choice: { type: "tool", name: request.schemaName },
          },
          { signal: request.signal },
        );
      } catch (err) {
        throw mapSdkError(err, ctx, request.signal, Anthropic.APIConnectionTimeoutError);
      }
      const answer = message.content.find((b): b is Anthropic.ToolUseBlock => b.type === "tool_use");
      if (!answer || message.stop_reason === "max_tokens") {
        const why =
          message.stop_reason === "max_tokens"
            ? `answer cut off at max_tokens (${maxTokens})`
            : `no ${request.schemaName} tool call in the answer (stop_reason ${message.stop_reason})`;
        throw new ProviderError(`anthropic/${model}: ${why}`, { provider: "anthropic", model, kind: "invalid_output" });
      }
      const u = message.usage;
      return {
        text: JSON.stringify(answer.input),
        usage: {
          inputTokens: u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0),
          outputTokens: u.output_tokens,
        },
      };
    },
  };
}
