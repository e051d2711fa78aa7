import type { z } from "zod";

/**
 * `fix`: the author answers its own candidate's failed run (validation output);
 * `explain`: QA's author explains a failed test run (the verdict stays the runner's).
 */
export type CallKind = "draft" | "revise" | "fix" | "explain" | "vote" | "rate" | "tool";

/** What the runtime tells a model about the call; the simulated model uses it to stay role-aware. */
export interface CallContext {
  team: string;
  agent: string;
  role: string;
  kind: CallKind;
  step: string;
  taskId?: string;
  taskText: string;
  attempt?: number;
  round?: number;
  /** The plan's work packet the call works on, when there is one. */
  packet?: string;
  /** Index of this agent in its team, for deterministic variety. */
  agentIndex?: number;
}

export interface ModelCall<T> {
  system: string;
  prompt: string;
  /** The answer must validate against this schema. */
  schema: z.ZodType<T>;
  /** Name of the schema (Plan, CodeBundle, Ballot, Rating, ...). */
  schemaName: string;
  context: CallContext;
  signal?: AbortSignal;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

export interface ModelResult<T> {
  output: T;
  usage: Usage;
  latencyMs: number;
  retries: number;
  fallbacks: number;
  /** Which provider and model answered (a fallback may have); absent for the simulated provider. */
  served?: { provider: string; model: string };
  /** Re-asks after answers that failed the schema. */
  reasks?: number;
}

/** The seam every agent call goes through. */
export interface LanguageModel {
  readonly provider: string;
  readonly modelId: string;
  /** True for the offline simulated provider: its answers are not real model output. */
  readonly simulated: boolean;
  generate<T>(call: ModelCall<T>): Promise<ModelResult<T>>;
}

/** An agent's binding: provider, model and fallback chain. */
export interface ModelBinding {
  provider: string;
  model: string;
  fallbacks?: Array<{ provider: string; model: string }>;
  /**
   * The models MODEL_SELECTION_STRATEGY may choose from per step (FLOTILLA_<TEAM>_<AGENT>_CANDIDATES);
   * default: the chain's reachable links.
   */
  candidates?: Array<{ provider: string; model: string }>;
}
