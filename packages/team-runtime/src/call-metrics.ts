import { envelope, subjects } from "@flotilla/contracts";
import type { CallContext, LanguageModel, ModelResult } from "@flotilla/models";
import { currentTraceId } from "@flotilla/tracing";
import type { AgentDeps } from "./agents.ts";
import { forObservers } from "./observers.ts";

/**
 * One model call on metrics.agent.<team>.<agent>: tokens, latency, retries, fallbacks, who served.
 * Sent after the current turn, without waiting for the server's ack: the call does not wait on its
 * bookkeeping (the ledger folds what is stored; a message lost in between is one call missing
 * from a view, never work lost).
 */
export function publishMetrics(
  deps: Pick<AgentDeps, "bus" | "team" | "instanceId" | "logger">,
  agent: string,
  model: LanguageModel,
  ctx: CallContext,
  latency: number,
  ok: boolean,
  result?: ModelResult<unknown>,
): void {
  // Built now, during the step (in the trace of the message it handles); sent after this turn.
  const metrics = {
    ...envelope({ sender: { team: deps.team, agent, instance_id: deps.instanceId }, trace_id: currentTraceId() }),
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
  };
  forObservers(deps.logger, "agent metrics", { agent }, () =>
    deps.bus.notify(subjects.agentMetrics(deps.team, agent), metrics),
  );
}
