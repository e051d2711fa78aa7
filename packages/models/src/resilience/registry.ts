import type { ProviderId } from "../adapter.ts";
import { CircuitBreaker, type BreakerListener, type BreakerOptions, type BreakerState } from "./breaker.ts";

export interface BreakerSnapshot {
  key: string;
  provider: ProviderId | "simulated";
  model: string;
  state: BreakerState;
  consecutiveFailures: number;
  /** When an OPEN circuit lets trial calls through (epoch ms). */
  retryAt?: number;
}

/**
 * One breaker per provider+model for the whole process, so every agent bound to the same model
 * sees the same circuit. Listeners added here hear every breaker, present and future (the CLI,
 * the escalation that fires when a circuit stays open over 15 minutes).
 *
 * @example
 * const breakers = new BreakerRegistry({ recoveryMs: 60_000 });
 * breakers.onStateChange((e) => log.warn(e, "circuit %s → %s", e.key, e.to));
 * await breakers.for("groq", "llama-3.3-70b").call(() => adapter.complete(req));
 */
export class BreakerRegistry {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly listeners = new Set<BreakerListener>();

  constructor(private readonly options: BreakerOptions = {}) {}

  for(provider: ProviderId | "simulated", model: string): CircuitBreaker {
    const key = `${provider}/${model}`;
    let breaker = this.breakers.get(key);
    if (!breaker) {
      breaker = new CircuitBreaker(provider, model, this.options);
      breaker.onStateChange((e) => {
        for (const listener of this.listeners) {
          try {
            listener(e);
          } catch {
            // One broken observer must not keep the others from hearing the change.
          }
        }
      });
      this.breakers.set(key, breaker);
    }
    return breaker;
  }

  /** Subscribes to every breaker's transitions; returns the unsubscribe function. */
  onStateChange(listener: BreakerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every breaker that has been used, for `flotilla status` and health checks. */
  states(): BreakerSnapshot[] {
    return [...this.breakers.values()].map((b) => ({
      key: b.key,
      provider: b.provider,
      model: b.model,
      state: b.state,
      consecutiveFailures: b.consecutiveFailures,
      ...(b.retryAt === undefined ? {} : { retryAt: b.retryAt }),
    }));
  }
}
