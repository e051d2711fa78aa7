import type { AdapterSettings, ProviderAdapter, ProviderId } from "../adapter.ts";
import { createChatCompletionsAdapter } from "./openai.ts";

/** Providers reached through the OpenAI chat-completions protocol (with the `openai` SDK). */
export type OpenAICompatibleProvider = Exclude<ProviderId, "openai" | "anthropic" | "google" | "groq">;

export const COMPATIBLE_DEFAULT_BASE_URLS: Readonly<Record<OpenAICompatibleProvider, string>> = {
  cerebras: "https://api.cerebras.ai/v1",
  qwen: "https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
  openrouter: "https://openrouter.ai/api/v1",
  ollama: "http://127.0.0.1:11434/v1",
  vllm: "http://127.0.0.1:8000/v1",
  lmstudio: "http://127.0.0.1:1234/v1",
};

/**
 * An OpenAI-compatible provider: the OpenAI adapter pointed at another base URL. A missing key
 * is allowed (local servers need none); a hosted provider then answers 401, which names the
 * key variable. Errors name `<PROVIDER>_BASE_URL` as the variable to fix.
 *
 * @example
 * const local = createOpenAICompatibleAdapter("ollama", { model: "qwen3:8b" });
 * const cerebras = createOpenAICompatibleAdapter("cerebras", { model: "qwen-3-coder-480b", apiKey, keyVariable: "CEREBRAS_API_KEY_1" });
 */
export function createOpenAICompatibleAdapter(
  provider: OpenAICompatibleProvider,
  settings: AdapterSettings,
): ProviderAdapter {
  const prefix = provider.toUpperCase();
  return createChatCompletionsAdapter(provider, settings, {
    defaultBaseURL: COMPATIBLE_DEFAULT_BASE_URLS[provider],
    baseUrlVariable: `${prefix}_BASE_URL`,
    defaultKeyVariable: `${prefix}_API_KEY`,
    keyless: true,
  });
}
