import type { AdapterSettings, ProviderAdapter, ProviderId } from "../adapter.ts";
import type { ConfiguredProvider } from "../env/providers.ts";
import { lazyAdapter } from "./lazy.ts";
import { rotating } from "./rotating.ts";

// Each SDK is imported by the first call that needs it (lazy.ts): a team started with no key
// for a provider never loads that provider's SDK.
async function load(provider: ProviderId, settings: AdapterSettings): Promise<ProviderAdapter> {
  switch (provider) {
    case "openai":
      return (await import("./openai.ts")).createOpenAIAdapter(settings);
    case "anthropic":
      return (await import("./anthropic.ts")).createAnthropicAdapter(settings);
    case "google":
      return (await import("./gemini.ts")).createGeminiAdapter(settings);
    case "groq":
      return (await import("./groq.ts")).createGroqAdapter(settings);
    default:
      return (await import("./openai-compatible.ts")).createOpenAICompatibleAdapter(provider, settings);
  }
}

const one = (provider: ProviderId, settings: AdapterSettings): ProviderAdapter =>
  lazyAdapter(provider, settings.model, () => load(provider, settings));

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
