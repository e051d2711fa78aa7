import type { LanguageModel, ModelBinding } from "./types.ts";
import { createSimulatedModel } from "./simulated/model.ts";

export interface ResolveOptions {
  /** Which provider runs the fleet; only "simulated" exists until the provider issue lands. */
  provider: "simulated";
  simulatedLatencyMs?: number;
}

/**
 * Turns an agent's binding into a model. Until real providers land, every agent runs on the
 * simulated provider under the model id it would use, so ballots stay attributable per agent.
 */
export function resolveModel(binding: ModelBinding, options: ResolveOptions): LanguageModel {
  return createSimulatedModel({ modelId: `sim:${binding.provider}/${binding.model}`, latencyMs: options.simulatedLatencyMs });
}
