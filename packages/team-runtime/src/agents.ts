import { type Producer, type TeamName } from "@flotilla/contracts";
import {
  candidatesOf,
  resolveCandidate,
  resolveModel,
  type CallContext,
  type Candidate,
  type LanguageModel,
  type ModelEnvironment,
  type ModelResult,
} from "@flotilla/models";
import type { z } from "zod";
import type { Config } from "@flotilla/config";
import type { Bus } from "@flotilla/bus";
import type { Logger } from "@flotilla/log";
import { withSpan } from "@flotilla/tracing";
import type { AgentSpec } from "./types.ts";
import { publishMetrics } from "./call-metrics.ts";
import { timedWork } from "./profile/io-profile.ts";

export interface AskOptions<T> {
  schema: z.ZodType<T>;
  schemaName: string;
  prompt: string;
  context: Omit<CallContext, "team" | "agent" | "role" | "agentIndex">;
}

/** What an agent's calls cost in one step (its usage quality record is made from it). */
export interface Usage {
  calls: number;
  tokens: number;
  latencyMs: number;
}

export interface Agent {
  spec: AgentSpec;
  model: LanguageModel;
  index: number;
  producer: Producer;
  /** The models MODEL_SELECTION_STRATEGY may choose from, primary first. */
  candidates: Candidate[];
  /** The calls made through this agent value (a step's agents are fresh values: see `serving`). */
  usage: Usage;
  ask<T>(opts: AskOptions<T>): Promise<ModelResult<T>>;
  /** The same agent served by `candidate` (its chain behind it), with its own usage. */
  serving(candidate: Candidate): Agent;
}

export interface AgentDeps {
  team: TeamName;
  instanceId: string;
  config: Config;
  bus: Bus;
  logger: Logger;
  models: ModelEnvironment;
}

/** Who produced an answer: the agent, with the provider and model that actually served it. */
export function producerOf(agent: Agent, result: Pick<ModelResult<unknown>, "served">): Producer {
  return result.served
    ? { ...agent.producer, provider: result.served.provider, model: result.served.model }
    : agent.producer;
}

/** Binds each agent of the roster to its model; every call publishes its metrics. */
export function bindAgents(specs: AgentSpec[], deps: AgentDeps): Agent[] {
  return specs.map((spec, index) => {
    const candidates = candidatesOf(spec.model, deps.models, index);
    const cache = new Map<string, LanguageModel>();
    const modelFor = (c: Candidate) => {
      const key = `${c.provider}/${c.model}`;
      let model = cache.get(key);
      if (!model) cache.set(key, (model = resolveCandidate(spec.model, c, deps.models, index)));
      return model;
    };
    const make = (model: LanguageModel): Agent => {
      const usage: Usage = { calls: 0, tokens: 0, latencyMs: 0 };
      const agent: Agent = {
        spec,
        model,
        index,
        candidates,
        usage,
        producer: {
          team: deps.team,
          agent: spec.name,
          role: spec.role,
          provider: model.provider,
          model: model.modelId,
          simulated: model.simulated,
        },
        ask: (opts) => ask(deps, agent, opts),
        serving: (candidate) => make(modelFor(candidate)),
      };
      return agent;
    };
    return make(resolveModel(spec.model, deps.models, index));
  });
}

/**
 * One model call of an agent, in a span `model <provider>/<model>` (a child of the step's), with
 * its metrics published on metrics.agent.<team>.<agent> either way.
 */
function ask<T>(deps: AgentDeps, agent: Agent, opts: AskOptions<T>): Promise<ModelResult<T>> {
  const { spec, model } = agent;
  const context: CallContext = {
    ...opts.context,
    team: deps.team,
    agent: spec.name,
    role: spec.role,
    agentIndex: agent.index,
  };
  const attributes = {
    "flotilla.team": deps.team,
    "flotilla.agent": spec.name,
    "flotilla.kind": context.kind,
    "flotilla.task_id": context.taskId,
    "flotilla.step": context.step,
    "flotilla.model.provider": model.provider,
    "flotilla.model.id": model.modelId,
  };
  return withSpan(`model ${model.provider}/${model.modelId}`, attributes, async (span) => {
    const started = performance.now();
    try {
      // Who is speaking: role, agent and team ride in the system prompt, before the role's instructions.
      const system = `You are the ${spec.role} (agent ${spec.name}) of the ${deps.team} team.\n${spec.instructions}`;
      const result = await timedWork("model", () =>
        model.generate({ system, prompt: opts.prompt, schema: opts.schema, schemaName: opts.schemaName, context }),
      );
      const latency = performance.now() - started;
      agent.usage.calls += 1;
      agent.usage.tokens += result.usage.inputTokens + result.usage.outputTokens;
      agent.usage.latencyMs += latency;
      span.setAttributes({
        "flotilla.ok": true,
        "flotilla.input_tokens": result.usage.inputTokens,
        "flotilla.output_tokens": result.usage.outputTokens,
        "flotilla.retries": result.retries,
        "flotilla.fallbacks": result.fallbacks,
        "flotilla.served": result.served ? `${result.served.provider}/${result.served.model}` : undefined,
      });
      publishMetrics(deps, spec.name, model, context, latency, true, result);
      return result;
    } catch (err) {
      span.setAttribute("flotilla.ok", false);
      publishMetrics(deps, spec.name, model, context, performance.now() - started, false);
      throw err;
    }
  });
}
