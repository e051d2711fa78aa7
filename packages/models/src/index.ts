export type { LanguageModel, ModelCall, ModelResult, CallContext, CallKind, Usage, ModelBinding } from "./types.ts";
export { createSimulatedModel, type SimulatedModelOptions } from "./simulated/model.ts";
export { parseDirectives, type Directives } from "./simulated/directives.ts";
export { resolveModel, type ResolveOptions } from "./resolve.ts";
