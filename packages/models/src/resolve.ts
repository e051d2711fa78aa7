import type { ProviderId } from "./adapter.ts";
import type { LanguageModel, ModelBinding } from "./types.ts";
import { createSimulatedModel } from "./simulated/model.ts";
import { configuredProviders, detectOllama, type ConfiguredProvider } from "./env/providers.ts";
import { chainFor } from "./env/chain.ts";
import { createAdapter } from "./providers/factory.ts";
import { BreakerRegistry, createResilientModel, Limiter, type CallEvent } from "./resilience/index.ts";

export interface ModelEnvironmentOptions {
  /** auto: real providers when any is configured, else simulated; simulated: always simulated. */
  mode: "auto" | "simulated";
  simulatedLatencyMs?: number;
  timeoutMs?: number;
  maxRetries?: number;
  retryBaseMs?: number;
  concurrencyPerProvider?: number;
  breakerRecoveryMs?: number;
  /** Probe Ollama's default port (skipped when OLLAMA_BASE_URL is set). Default true. */
  detectOllama?: boolean;
  onEvent?: (e: CallEvent) => void;
  fetch?: typeof fetch;
}

/** Everything agents of one process share to reach models: providers, breakers, limits. */
export interface ModelEnvironment {
  providers: Map<ProviderId, ConfiguredProvider>;
  /** True when agents run on the simulated provider (nothing configured, or asked for). */
  simulated: boolean;
  /** Why: for the start-up log line and summaries. */
  reason: string;
  breakers: BreakerRegistry;
  limiter: Limiter;
  options: ModelEnvironmentOptions;
}

export async function createModelEnvironment(
  env: NodeJS.ProcessEnv,
  options: ModelEnvironmentOptions,
): Promise<ModelEnvironment> {
  const probe = options.detectOllama !== false && !env.OLLAMA_BASE_URL && options.mode === "auto";
  const providers = configuredProviders(env, { ollamaDetected: probe ? await detectOllama() : false });
  const simulated = options.mode === "simulated" || providers.size === 0;
  const reason =
    options.mode === "simulated"
      ? "FLOTILLA_PROVIDER=simulated"
      : providers.size === 0
        ? "no provider configured (no API key, no local server)"
        : `providers: ${[...providers.keys()].join(", ")}`;
  return {
    providers,
    simulated,
    reason,
    options,
    breakers: new BreakerRegistry({ recoveryMs: options.breakerRecoveryMs ?? 60_000 }),
    limiter: new Limiter(),
  };
}

/**
 * An agent's model: its fallback chain over the configured providers (with retries, breakers,
 * a concurrency limit and a timeout), or the simulated provider when the fleet runs simulated.
 * `agentIndex` spreads the catch-all links of a team's agents over providers (see `chainFor`).
 */
export function resolveModel(binding: ModelBinding, menv: ModelEnvironment, agentIndex = 0): LanguageModel {
  if (menv.simulated) {
    return createSimulatedModel({
      modelId: `sim:${binding.provider}/${binding.model}`,
      latencyMs: menv.options.simulatedLatencyMs,
    });
  }
  const links = chainFor(binding, menv.providers, agentIndex)
    .filter((l) => l.configured)
    .map((l) => {
      const configured = menv.providers.get(l.provider)!;
      return {
        adapter: createAdapter(configured, l.model, menv.options.fetch),
        keyVariable: configured.keyVariables[0],
      };
    });
  const o = menv.options;
  return createResilientModel({
    links,
    breakers: menv.breakers,
    limiter: menv.limiter,
    timeoutMs: o.timeoutMs,
    retry: { maxRetries: o.maxRetries ?? 3, baseMs: o.retryBaseMs ?? 1_000 },
    maxConcurrencyPerProvider: o.concurrencyPerProvider,
    onEvent: o.onEvent,
  });
}

/**
 * The models an agent may be served by, primary first: its declared candidates, else the links
 * of its chain that can be reached (every link when simulated: the simulated model stands in
 * for each, so choices still show).
 */
export function candidatesOf(binding: ModelBinding, menv: ModelEnvironment, agentIndex = 0): Candidate[] {
  if (binding.candidates?.length) return binding.candidates.map(({ provider, model }) => ({ provider, model }));
  return chainFor(binding, menv.providers, agentIndex)
    .filter((l) => menv.simulated || l.configured)
    .map(({ provider, model }) => ({ provider, model }));
}

export interface Candidate {
  provider: string;
  model: string;
}

/** The model serving `candidate` for an agent: the candidate first, then the agent's other candidates and chain. */
export function resolveCandidate(
  binding: ModelBinding,
  candidate: Candidate,
  menv: ModelEnvironment,
  agentIndex = 0,
): LanguageModel {
  const others = [binding, ...(binding.candidates ?? []), ...(binding.fallbacks ?? [])]
    .filter((c) => c.provider !== candidate.provider || c.model !== candidate.model)
    .map(({ provider, model }) => ({ provider, model }));
  return resolveModel({ ...candidate, fallbacks: others }, menv, agentIndex);
}
