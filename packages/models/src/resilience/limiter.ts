/**
 * A counting semaphore: at most `max` calls run at once, the rest wait in arrival order. A waiter
 * whose signal aborts leaves the queue at once, so a cancelled call never holds a slot later.
 */
export class Semaphore {
  private running = 0;
  private readonly queue: Array<() => void> = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1)
      throw new RangeError(`concurrency limit must be a positive integer, got ${max}`);
  }

  get active(): number {
    return this.running;
  }
  get waiting(): number {
    return this.queue.length;
  }

  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.running < this.max) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve(); // the slot is handed over by release(): `running` already counts it
      };
      const onAbort = () => {
        const i = this.queue.indexOf(grant);
        if (i >= 0) this.queue.splice(i, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.queue.push(grant);
    });
  }

  private release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.running--;
  }
}

/**
 * One semaphore per provider for the whole process: providers limit concurrent requests per
 * key, and a burst of agents should queue here rather than collect 429s.
 *
 * @example
 * const limiter = new Limiter();
 * await limiter.for("cerebras", 4).run(() => adapter.complete(req), signal);
 */
export class Limiter {
  private readonly semaphores = new Map<string, Semaphore>();

  /** The provider's semaphore; the first `max` given for a provider is the one that holds. */
  for(provider: string, max: number): Semaphore {
    let sem = this.semaphores.get(provider);
    if (!sem) this.semaphores.set(provider, (sem = new Semaphore(max)));
    return sem;
  }

  /** Running and waiting calls per provider, for status output. */
  stats(): Array<{ provider: string; max: number; active: number; waiting: number }> {
    return [...this.semaphores].map(([provider, s]) => ({
      provider,
      max: s.max,
      active: s.active,
      waiting: s.waiting,
    }));
  }
}
