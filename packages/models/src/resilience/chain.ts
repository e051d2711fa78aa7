import type { ProviderAdapter, ProviderId } from "../adapter.ts";
import { ProviderError, type ProviderErrorKind } from "../errors.ts";
import type { LanguageModel, ModelCall, ModelResult, Usage } from "../types.ts";
import type { BreakerRegistry } from "./registry.ts";
import { AllProvidersFailedError, linkFailure, type LinkFailure } from "./failures.ts";
import type { Limiter } from "./limiter.ts";
import { withRetry, type RetryOptions } from "./retry.ts";
import { generateStructured } from "./structured.ts";

/** One model in an agent's fallback chain; `keyVariable` names its key's variable for messages. */
export interface ChainLink {
  adapter: ProviderAdapter;
  keyVariable?: string;
}

/** What happened during a call, for structured logs and failure analytics. Never a key value. */
export type CallEvent =
  | {
      type: "retry";
      agent: string;
      provider: ProviderId;
      model: string;
      attempt: number;
      delayMs: number;
      kind: ProviderErrorKind;
      message: string;
    }
  | { type: "skipped"; agent: string; provider: ProviderId; model: string; retryAt?: number }
  | { type: "link_failed"; agent: string; failure: LinkFailure }
  | {
      type: "served";
      agent: string;
      provider: ProviderId;
      model: string;
      latencyMs: number;
      retries: number;
      fallbacks: number;
      reasks: number;
      usage: Usage;
    }
  | { type: "all_failed"; agent: string; failures: LinkFailure[] };

export interface ResilientModelOptions {
  /** The fallback chain, tried in order. */
  links: ChainLink[];
  breakers: BreakerRegistry;
  limiter: Limiter;
  /** Bound on one attempt (the request and its re-asks), not on the whole call (default 120 s). */
  timeoutMs?: number;
  retry?: Omit<RetryOptions, "signal">;
  /** Concurrent requests per provider across every model using `limiter` (default 4). */
  maxConcurrencyPerProvider?: number;
  /** Re-asks after an answer that fails validation (default 2). */
  maxReasks?: number;
  onEvent?: (e: CallEvent) => void;
}

/** ModelResult plus which link answered (`served`) and how many re-asks it needed. */
export interface ResilientModelResult<T> extends ModelResult<T> {
  served: { provider: ProviderId; model: string };
  reasks: number;
}

export interface ResilientModel extends LanguageModel {
  generate<T>(call: ModelCall<T>): Promise<ResilientModelResult<T>>;
}

/** Retries a RetryError records; a failure on the first attempt carries none. */
const retriesIn = (err: unknown) => Math.max(0, ((err as { attempts?: number })?.attempts ?? 1) - 1);

/** The caller cancelled: report it as such, whatever the adapter happened to throw. */
function cancelled(err: unknown, adapter: ProviderAdapter): ProviderError {
  if (ProviderError.is(err) && err.kind === "aborted") return err;
  return new ProviderError(`${adapter.provider}/${adapter.model}: request cancelled`, {
    provider: adapter.provider,
    model: adapter.model,
    kind: "aborted",
    cause: err,
  });
}

/**
 * A LanguageModel over a fallback chain of real providers. Per link: skipped while its circuit is
 * open; otherwise retried on transient failures (limited per provider, guarded by the breaker,
 * each attempt bounded by `timeoutMs`). A permanent failure (auth, bad request, not found,
 * invalid output) is not retried but falls back to the next link; a cancelled call stops at once.
 * `provider`/`modelId` describe the first link; the result's `served` names the link that answered.
 *
 * @example
 * const model = createResilientModel({
 *   links: [{ adapter: openai, keyVariable: "OPENAI_API_KEY" }, { adapter: groq, keyVariable: "GROQ_API_KEY" }],
 *   breakers, limiter, onEvent: (e) => log.info(e),
 * });
 */
export function createResilientModel(opts: ResilientModelOptions): ResilientModel {
  const { links, breakers, limiter, timeoutMs = 120_000, maxConcurrencyPerProvider = 4, maxReasks = 2 } = opts;
  const first = links[0];
  if (!first) throw new Error("createResilientModel needs at least one link in its chain");
  const emit = (e: CallEvent) => opts.onEvent?.(e);

  return {
    provider: first.adapter.provider,
    modelId: first.adapter.model,
    simulated: false,
    async generate<T>(call: ModelCall<T>): Promise<ResilientModelResult<T>> {
      const started = performance.now();
      const agent = `${call.context.team}/${call.context.agent}`;
      const failures: LinkFailure[] = [];
      let retries = 0;
      for (const [index, { adapter, keyVariable }] of links.entries()) {
        const { provider, model } = adapter;
        const breaker = breakers.for(provider, model);
        const retryAt = breaker.retryAt;
        if (retryAt !== undefined) {
          const message = `circuit open for ${breaker.key} until ${new Date(retryAt).toISOString()}`;
          failures.push({ provider, model, kind: "unknown", message, breakerOpen: true });
          emit({ type: "skipped", agent, provider, model, retryAt });
          continue;
        }
        // A fresh time limit per attempt, started once a slot is free and the provider's SDK is
        // loaded (the first call imports it): neither the queue nor our loading is the provider's fault.
        const attempt = async () => {
          await adapter.ready?.();
          return breaker.call(() =>
            generateStructured(adapter, {
              system: call.system,
              prompt: call.prompt,
              schema: call.schema,
              schemaName: call.schemaName,
              maxReasks,
              signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(call.signal ? [call.signal] : [])]),
            }),
          );
        };
        try {
          const { value, retries: r } = await withRetry(
            () => limiter.for(provider, maxConcurrencyPerProvider).run(attempt, call.signal),
            {
              ...opts.retry,
              signal: call.signal,
              // Once this call's failures have opened the breaker, waiting to retry is pointless: fall back now.
              shouldRetry: (err) => breaker.retryAt === undefined && (opts.retry?.shouldRetry?.(err) ?? true),
              onRetry: (err, n, delayMs) => {
                emit({
                  type: "retry",
                  agent,
                  provider,
                  model,
                  attempt: n,
                  delayMs,
                  kind: err.kind,
                  message: err.message,
                });
                opts.retry?.onRetry?.(err, n, delayMs);
              },
            },
          );
          retries += r;
          const result = {
            output: value.output,
            usage: value.usage,
            latencyMs: performance.now() - started,
            retries,
            fallbacks: index,
            reasks: value.reasks,
            served: { provider, model },
          };
          emit({
            type: "served",
            agent,
            provider,
            model,
            latencyMs: result.latencyMs,
            retries,
            fallbacks: index,
            reasks: value.reasks,
            usage: value.usage,
          });
          return result;
        } catch (err) {
          if (call.signal?.aborted) throw cancelled(err, adapter);
          retries += retriesIn(err);
          const failure = linkFailure(err, { provider, model, keyVariable });
          if (breaker.retryAt !== undefined) failure.breakerOpen = true;
          failures.push(failure);
          emit({ type: "link_failed", agent, failure });
        }
      }
      emit({ type: "all_failed", agent, failures });
      throw new AllProvidersFailedError(agent, failures);
    },
  };
}
