export type { LanguageModel, ModelCall, ModelResult, CallContext, CallKind, Usage, ModelBinding } from "./types.ts";
export { createSimulatedModel, type SimulatedModelOptions } from "./simulated/model.ts";
export { parseDirectives, type Directives } from "./simulated/directives.ts";
export {
  resolveModel,
  resolveCandidate,
  candidatesOf,
  createModelEnvironment,
  type Candidate,
  type ModelEnvironment,
  type ModelEnvironmentOptions,
} from "./resolve.ts";
export type {
  ProviderAdapter,
  ProviderId,
  AdapterRequest,
  AdapterResponse,
  AdapterSettings,
  ChatMessage,
} from "./adapter.ts";
export { ProviderError, type ProviderErrorKind } from "./errors.ts";
export {
  PROVIDERS,
  PROVIDER_IDS,
  configuredProviders,
  detectOllama,
  type ProviderSpec,
  type ConfiguredProvider,
} from "./env/providers.ts";
export { applyRoster, rosterVariables, RosterError } from "./env/roster.ts";
export { chainFor, type ChainLink as ChainEntry } from "./env/chain.ts";
export { createAdapter } from "./providers/factory.ts";
export * from "./resilience/index.ts";
