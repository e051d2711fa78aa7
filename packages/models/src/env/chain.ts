import type { ProviderId } from "../adapter.ts";
import type { ModelBinding } from "../types.ts";
import { PROVIDERS, type ConfiguredProvider } from "./providers.ts";

export interface ChainLink {
  provider: ProviderId;
  model: string;
  /** Why this link is in the chain: the agent's own model, a declared fallback, or a catch-all. */
  source: "primary" | "fallback" | "any-configured";
  configured: boolean;
}

/**
 * An agent's fallback chain: its model, its declared fallbacks, then every other configured
 * provider's default model — so one key is enough to run every agent. Links whose provider is
 * not configured stay in the list (for `flotilla models`) but are marked, and are skipped.
 */
export function chainFor(binding: ModelBinding, configured: Map<ProviderId, ConfiguredProvider>): ChainLink[] {
  const links: ChainLink[] = [];
  const seen = new Set<string>();
  const add = (provider: string, model: string, source: ChainLink["source"]) => {
    if (!(provider in PROVIDERS)) return;
    const key = `${provider}/${model}`;
    if (seen.has(key)) return;
    seen.add(key);
    links.push({ provider: provider as ProviderId, model, source, configured: configured.has(provider as ProviderId) });
  };
  add(binding.provider, binding.model, "primary");
  for (const f of binding.fallbacks ?? []) add(f.provider, f.model, "fallback");
  for (const c of configured.values()) {
    // A provider already in the chain under another model is not added again.
    if (!links.some((l) => l.provider === c.spec.id)) add(c.spec.id, c.spec.defaultModel, "any-configured");
  }
  return links;
}
