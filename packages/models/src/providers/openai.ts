import OpenAI from "openai";
import { stderrLogger } from "@flotilla/log";
import type { AdapterSettings, ProviderAdapter, ProviderId } from "../adapter.ts";
import { chatCompleter, SDK_TIMEOUT_MS, type ErrorContext } from "./sdk-fetch.ts";

export const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

/**
 * OpenAI chat completions through the official `openai` SDK, with native JSON-schema output.
 *
 * @example
 * const gpt = createOpenAIAdapter({ model: "gpt-5-mini", apiKey: process.env.OPENAI_API_KEY, keyVariable: "OPENAI_API_KEY" });
 * const { text, usage } = await gpt.complete({ system, messages, jsonSchema, schemaName: "CodeBundle", signal });
 */
export function createOpenAIAdapter(settings: AdapterSettings): ProviderAdapter {
  return createChatCompletionsAdapter("openai", settings, {
    defaultBaseURL: OPENAI_DEFAULT_BASE_URL,
    baseUrlVariable: "OPENAI_BASE_URL",
    defaultKeyVariable: "OPENAI_API_KEY",
  });
}

export interface ChatCompletionsOptions {
  defaultBaseURL: string;
  baseUrlVariable: string;
  defaultKeyVariable: string;
  /** Local servers (Ollama, vLLM, LM Studio) take no key; the SDK insists on one, so a placeholder is sent. */
  keyless?: boolean;
}

/** Placeholder bearer token for servers that ignore authentication. */
export const NO_KEY_PLACEHOLDER = "not-needed";

/**
 * The one implementation behind the OpenAI adapter and every OpenAI-compatible one. Everything
 * comes from `settings`: the SDK's own environment fallbacks (OPENAI_API_KEY, OPENAI_BASE_URL)
 * are not used, so a Cerebras adapter can never send an OpenAI key.
 */
export function createChatCompletionsAdapter(
  provider: ProviderId,
  settings: AdapterSettings,
  options: ChatCompletionsOptions,
): ProviderAdapter {
  const { model } = settings;
  const ctx: ErrorContext = {
    provider,
    model,
    keyVariable: settings.keyVariable ?? options.defaultKeyVariable,
    baseUrlVariable: options.baseUrlVariable,
    apiKey: settings.apiKey,
  };
  const apiKey = settings.apiKey || (options.keyless ? NO_KEY_PLACEHOLDER : undefined);
  const client =
    apiKey === undefined
      ? undefined
      : new OpenAI({
          apiKey,
          baseURL: settings.baseURL ?? options.defaultBaseURL,
          // Organisation/project headers belong to OpenAI alone; never send them elsewhere.
          ...(provider === "openai" ? {} : { organization: null, project: null }),
          adminAPIKey: null,
          maxRetries: 0, // the chain owns retries
          timeout: SDK_TIMEOUT_MS, // and timeouts, through request.signal
          fetch: settings.fetch,
          logger: stderrLogger,
        });

  const complete = chatCompleter(client, model, ctx, OpenAI.APIConnectionTimeoutError);

  return { provider, model, complete };
}
