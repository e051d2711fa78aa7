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

/** The model a catch-all link of `provider` uses for the agent at `agentIndex`: its default, or an alternate. */
function catchAllModel(provider: ConfiguredProvider, agentIndex: number): string {
  const models = [provider.spec.defaultModel, ...(provider.spec.alternates ?? [])];
  return models[agentIndex % models.length]!;
}

/**
 * An agent's fallback chain: its model, its declared fallbacks, then every other configured
 * provider's model — so one key is enough to run every agent. The catch-all providers are taken
 * in turn from the agent's index, and each offers a different model per agent, so agents whose
 * own providers are not configured still spread over providers (or models of one) and a vote
 * is not one model agreeing with itself. Links whose provider is not configured stay in the list
 * (for `flotilla models`) but are marked, and are skipped.
 */
export function chainFor(
  binding: ModelBinding,
  configured: Map<ProviderId, ConfiguredProvider>,
  agentIndex = 0,
): ChainLink[] {
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
  const catchAll = [...configured.values()];
  const turn = catchAll.length ? agentIndex % catchAll.length : 0;
  for (const c of [...catchAll.slice(turn), ...catchAll.slice(0, turn)]) {
    // A provider already in the chain under another model is not added again.
    if (!links.some((l) => l.provider === c.spec.id)) add(c.spec.id, catchAllModel(c, agentIndex), "any-configured");
  }
  return links;
}
