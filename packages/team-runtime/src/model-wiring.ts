import { envelope, subjects, type TeamName } from "@flotilla/contracts";
import { createModelEnvironment, type ModelEnvironment } from "@flotilla/models";
import type { Config } from "@flotilla/config";
import type { Bus } from "@flotilla/bus";
import type { Logger } from "@flotilla/log";
import { breakerEscalation } from "./breaker-escalation.ts";

/**
 * The process's model environment: configured providers, one breaker per provider+model (its
 * state changes published on circuit_breaker.<team>.state_changed for dependants), and call
 * events (retries, fallbacks) in the structured log. No key value goes anywhere.
 */
export async function wireModels(
  team: TeamName,
  instanceId: string,
  config: Config,
  bus: Bus,
  logger: Logger,
): Promise<ModelEnvironment> {
  const models = await createModelEnvironment(process.env, {
    mode: config.FLOTILLA_PROVIDER,
    simulatedLatencyMs: config.SIMULATED_LATENCY_MS,
    timeoutMs: config.MODEL_TIMEOUT_MS,
    maxRetries: config.MODEL_MAX_RETRIES,
    retryBaseMs: config.MODEL_RETRY_BASE_MS,
    concurrencyPerProvider: config.MODEL_CONCURRENCY_PER_PROVIDER,
    breakerRecoveryMs: config.BREAKER_RECOVERY_MS,
    onEvent: (e) => (e.type === "served" ? logger.debug(e, "model call") : logger.warn(e, `model call: ${e.type}`)),
  });
  models.breakers.onStateChange(breakerEscalation({ team, instanceId, bus, logger }));
  models.breakers.onStateChange((e) => {
    logger.warn({ breaker: e.key, from: e.from, to: e.to }, "circuit breaker state changed");
    void bus
      .publish(subjects.breaker(team), {
        ...envelope({ sender: { team, agent: "runtime", instance_id: instanceId } }),
        team,
        breaker: e.key,
        circuit_breaker_state: e.to,
        estimated_recovery_time_ms: e.retryAt ? Math.max(0, e.retryAt - Date.now()) : undefined,
        affected_capabilities: [`model ${e.key}`],
      })
      .catch((err: Error) => logger.warn({ err: err.message }, "could not publish breaker state"));
  });
  return models;
}
