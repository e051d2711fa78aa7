import type { AdapterSettings, ProviderAdapter, ProviderId } from "../adapter.ts";
import type { ConfiguredProvider } from "../env/providers.ts";
import { createOpenAIAdapter } from "./openai.ts";
import { createOpenAICompatibleAdapter } from "./openai-compatible.ts";
import { createGroqAdapter } from "./groq.ts";
import { createAnthropicAdapter } from "./anthropic.ts";
import { createGeminiAdapter } from "./gemini.ts";
import { rotating } from "./rotating.ts";

function one(provider: ProviderId, settings: AdapterSettings): ProviderAdapter {
  switch (provider) {
    case "openai":
      return createOpenAIAdapter(settings);
    case "anthropic":
      return createAnthropicAdapter(settings);
    case "google":
      return createGeminiAdapter(settings);
    case "groq":
      return createGroqAdapter(settings);
    default:
      return createOpenAICompatibleAdapter(provider, settings);
  }
}

/** The adapter for one model of a configured provider, rotating over its keys. */
export function createAdapter(
  configured: ConfiguredProvider,
  model: string,
  fetchImpl?: typeof fetch,
): ProviderAdapter {
  const base = { model, baseURL: configured.baseURL, fetch: fetchImpl };
  if (configured.keys.length === 0) return one(configured.spec.id, base);
  return rotating(
    configured.keys.map((apiKey, i) =>
      one(configured.spec.id, { ...base, apiKey, keyVariable: configured.keyVariables[i] }),
    ),
  );
}
