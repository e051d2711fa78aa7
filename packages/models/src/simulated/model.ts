import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { CallContext, LanguageModel, ModelCall, ModelResult } from "../types.ts";
import { ProviderError } from "../errors.ts";
import { parseDirectives } from "./directives.ts";
import { ballot, drafts, rating } from "./content.ts";

export interface SimulatedModelOptions {
  modelId?: string;
  /** Fixed latency per call, for benchmarks. */
  latencyMs?: number;
}

function jitter(...parts: unknown[]): number {
  const h = createHash("sha256").update(parts.join("|")).digest();
  return h.readUInt32BE(0) / 0xffffffff;
}

/** How long a draft takes for a packet named by [sim:slow=PACKET]. */
const SLOW_DRAFT_MS = 2_500;

const approxTokens = (s: string) => Math.ceil(s.length / 4);

/**
 * The simulated answer for a schema (Plan, CodeBundle, ..., Ballot, Rating). Also what the test
 * suite's fake provider servers answer with, so fleet tests through real SDKs get valid work.
 */
export function simulatedOutput(
  schemaName: string,
  ctx: CallContext,
  modelId = "sim-1",
  prompt = "",
): Record<string, unknown> {
  const d = parseDirectives(ctx.taskText);
  const j = jitter(d.seed, ctx.taskId, ctx.team, ctx.agent, ctx.step, ctx.attempt, ctx.round, modelId);
  if (schemaName === "Ballot") return ballot(ctx, d, j);
  if (schemaName === "Rating") return rating(ctx, d, j);
  const build = drafts[schemaName];
  if (!build) throw new Error(`simulated provider has no template for schema ${schemaName}`);
  return { ...build(ctx, d, prompt), simulated: true };
}

/**
 * Deterministic, role-aware stand-in for a real model: the same call gives the same answer,
 * every answer validates against the step's schema and is labelled as simulated.
 */
export function createSimulatedModel(options: SimulatedModelOptions = {}): LanguageModel {
  const modelId = options.modelId ?? "sim-1";
  return {
    provider: "simulated",
    modelId,
    simulated: true,
    async generate<T>(call: ModelCall<T>): Promise<ModelResult<T>> {
      const started = performance.now();
      if (options.latencyMs) await sleep(options.latencyMs, undefined, { signal: call.signal });
      const { packet, kind } = call.context;
      if (kind === "draft" && packet) {
        const d = parseDirectives(call.context.taskText);
        if (d.slow.includes(packet)) await sleep(SLOW_DRAFT_MS, undefined, { signal: call.signal });
        if (d.fail.includes(packet)) {
          throw new ProviderError(`simulated/${modelId}: drafting ${packet} fails (simulation directive)`, {
            provider: "simulated",
            model: modelId,
            kind: "bad_request",
          });
        }
      }
      const raw = simulatedOutput(call.schemaName, call.context, modelId, call.prompt);
      const output = call.schema.parse(raw);
      const text = JSON.stringify(raw);
      return {
        output,
        usage: { inputTokens: approxTokens(call.system + call.prompt), outputTokens: approxTokens(text) },
        latencyMs: performance.now() - started,
        retries: 0,
        fallbacks: 0,
      };
    },
  };
}
