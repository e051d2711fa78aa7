import { envelope, subjects, type Producer, type TeamName } from "@flotilla/contracts";
import {
  resolveModel,
  type CallContext,
  type LanguageModel,
  type ModelEnvironment,
  type ModelResult,
} from "@flotilla/models";
import type { z } from "zod";
import type { Config } from "@flotilla/config";
import type { Bus } from "@flotilla/bus";
import type { Logger } from "@flotilla/log";
import type { AgentSpec } from "./types.ts";

export interface AskOptions<T> {
  schema: z.ZodType<T>;
  schemaName: string;
  prompt: string;
  context: Omit<CallContext, "team" | "agent" | "role" | "agentIndex">;
}

export interface Agent {
  spec: AgentSpec;
  model: LanguageModel;
  index: number;
  producer: Producer;
  ask<T>(opts: AskOptions<T>): Promise<ModelResult<T>>;
}

interface AgentDeps {
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
    const model = resolveModel(spec.model, deps.models);
    const producer: Producer = {
      team: deps.team,
      agent: spec.name,
      provider: model.provider,
      model: model.modelId,
      simulated: model.simulated,
    };
    const ask = async <T>(opts: AskOptions<T>): Promise<ModelResult<T>> => {
      const context: CallContext = {
        ...opts.context,
        team: deps.team,
        agent: spec.name,
        role: spec.role,
        agentIndex: index,
      };
      const started = performance.now();
      let ok = false;
      try {
        // Who is speaking: role, agent and team ride in the system prompt, before the role's instructions.
        const system = `You are the ${spec.role} (agent ${spec.name}) of the ${deps.team} team.\n${spec.instructions}`;
        const result = await model.generate({
          system,
          prompt: opts.prompt,
          schema: opts.schema,
          schemaName: opts.schemaName,
          context,
        });
        ok = true;
        void publishMetrics(deps, spec.name, model, context, performance.now() - started, ok, result);
        return result;
      } catch (err) {
        void publishMetrics(deps, spec.name, model, context, performance.now() - started, ok);
        throw err;
      }
    };
    return { spec, model, index, producer, ask };
  });
}

async function publishMetrics(
  deps: AgentDeps,
  agent: string,
  model: LanguageModel,
  ctx: CallContext,
  latency: number,
  ok: boolean,
  result?: ModelResult<unknown>,
): Promise<void> {
  try {
    await deps.bus.publish(subjects.agentMetrics(deps.team, agent), {
      ...envelope({ sender: { team: deps.team, agent, instance_id: deps.instanceId } }),
      team: deps.team,
      agent,
      provider: model.provider,
      model: model.modelId,
      simulated: model.simulated,
      task_id: ctx.taskId,
      step: ctx.step,
      kind: ctx.kind,
      latency_ms: latency,
      served_provider: result?.served?.provider,
      served_model: result?.served?.model,
      input_tokens: result?.usage.inputTokens ?? 0,
      output_tokens: result?.usage.outputTokens ?? 0,
      retries: result?.retries ?? 0,
      fallbacks: result?.fallbacks ?? 0,
      ok,
    });
  } catch (err) {
    // Metrics are for visibility; losing one must not fail the work.
    deps.logger.warn({ err: (err as Error).message, agent }, "could not publish agent metrics");
  }
}
