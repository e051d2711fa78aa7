import type { ProviderId } from "../adapter.ts";
import { ProviderError } from "../errors.ts";

export type BreakerState = "CLOSED" | "OPEN" | "HALF_OPEN";

export interface BreakerOptions {
  /** Consecutive counting failures that open the circuit (SPEC §10: 3). */
  threshold?: number;
  /** How long it stays open before trial calls (SPEC §10: 60 s). */
  recoveryMs?: number;
  /** Trial calls let through when half-open; all must succeed to close (SPEC §10: 2). */
  halfOpenCalls?: number;
  /** Injectable clock for tests. */
  now?: () => number;
}

/** `retryAt`: when an OPEN circuit will let trial calls through. */
export interface BreakerStateChange {
  key: string;
  from: BreakerState;
  to: BreakerState;
  at: number;
  retryAt?: number;
}

export type BreakerListener = (e: BreakerStateChange) => void;

/** Rejection of a call the circuit did not let through; the provider was not called. */
export class BreakerOpenError extends ProviderError {
  override readonly name: string = "BreakerOpenError";
  readonly breakerOpen = true;
  readonly retryAt?: number;

  constructor(message: string, opts: { provider: ProviderId | "simulated"; model: string; retryAt?: number }) {
    super(message, { provider: opts.provider, model: opts.model, kind: "unknown" });
    this.retryAt = opts.retryAt;
  }
}

/**
 * Only failures that say the provider is unwell count: 429, 5xx, timeouts, connection resets.
 * A refused request or an answer that fails validation is the caller's or the model's problem,
 * and an abort says nothing at all, so those leave the count alone.
 */
const counts = (err: unknown) => ProviderError.is(err) && err.isRetryable;

const stripUndefined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/**
 * One circuit per provider+model: CLOSED → OPEN after `threshold` consecutive counting failures;
 * OPEN rejects at once; after `recoveryMs` it goes HALF_OPEN and lets `halfOpenCalls` trial calls
 * through — all succeed → CLOSED, any counting failure → OPEN again.
 *
 * @example
 * const breaker = new CircuitBreaker("openai", "gpt-5");
 * const answer = await breaker.call(() => adapter.complete(req));
 */
export class CircuitBreaker {
  readonly key: string;
  private current: BreakerState = "CLOSED";
  private failures = 0;
  private openedUntil = 0;
  private trials = 0;
  private trialSuccesses = 0;
  /** Bumped on each transition, so a call admitted under an older state cannot move this one. */
  private epoch = 0;
  private readonly listeners = new Set<BreakerListener>();
  private readonly opts: Required<BreakerOptions>;

  constructor(
    readonly provider: ProviderId | "simulated",
    readonly model: string,
    opts: BreakerOptions = {},
  ) {
    this.key = `${provider}/${model}`;
    this.opts = { threshold: 3, recoveryMs: 60_000, halfOpenCalls: 2, now: Date.now, ...stripUndefined(opts) };
  }

  /** The state now; an OPEN circuit whose recovery time has passed reads (and becomes) HALF_OPEN. */
  get state(): BreakerState {
    if (this.current === "OPEN" && this.opts.now() >= this.openedUntil) this.move("HALF_OPEN");
    return this.current;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  /** When an OPEN circuit lets trial calls through; undefined otherwise. */
  get retryAt(): number | undefined {
    return this.state === "OPEN" ? this.openedUntil : undefined;
  }

  /** Subscribes to transitions; returns the unsubscribe function. */
  onStateChange(listener: BreakerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async call<T>(fn: () => Promise<T>): Promise<T> {
    const state = this.state;
    if (state === "OPEN") {
      throw new BreakerOpenError(`circuit open for ${this.key} until ${new Date(this.openedUntil).toISOString()}`, {
        provider: this.provider,
        model: this.model,
        retryAt: this.openedUntil,
      });
    }
    if (state === "HALF_OPEN") {
      if (this.trials >= this.opts.halfOpenCalls) {
        throw new BreakerOpenError(
          `circuit half-open for ${this.key}: ${this.opts.halfOpenCalls} trial calls already in flight`,
          {
            provider: this.provider,
            model: this.model,
          },
        );
      }
      this.trials++;
    }
    const epoch = this.epoch;
    try {
      const value = await fn();
      if (epoch === this.epoch) this.succeeded();
      return value;
    } catch (err) {
      if (epoch === this.epoch) {
        if (counts(err)) this.failed();
        else if (this.current === "HALF_OPEN") this.trials--; // proved nothing: free the trial slot
      }
      throw err;
    }
  }

  private succeeded(): void {
    this.failures = 0;
    if (this.current === "HALF_OPEN" && ++this.trialSuccesses >= this.opts.halfOpenCalls) this.move("CLOSED");
  }

  private failed(): void {
    this.failures++;
    if (this.current === "HALF_OPEN" || this.failures >= this.opts.threshold) this.move("OPEN");
  }

  private move(to: BreakerState): void {
    const from = this.current;
    const at = this.opts.now();
    this.current = to;
    this.epoch++;
    this.trials = 0;
    this.trialSuccesses = 0;
    if (to === "OPEN") this.openedUntil = at + this.opts.recoveryMs;
    if (to === "CLOSED") this.failures = 0;
    const event: BreakerStateChange = {
      key: this.key,
      from,
      to,
      at,
      ...(to === "OPEN" ? { retryAt: this.openedUntil } : {}),
    };
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken observer (a log sink, the CLI) must not fail the model call that moved the state.
      }
    }
  }
}
