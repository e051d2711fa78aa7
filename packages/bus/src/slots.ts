/**
 * Counting semaphore bounding the handlers in flight (the role SimpleMutex plays in nats.js
 * `07_consume_jobs.js`), with `close()` so a stopping consumer never hangs waiting for a slot.
 */
export class Slots {
  private free: number;
  private closed = false;
  private readonly waiters: Array<(ok: boolean) => void> = [];

  constructor(size: number) {
    this.free = Math.max(1, Math.floor(size));
  }

  /** Resolves true once a slot is taken, false if closed meanwhile. */
  acquire(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (this.free > 0) {
      this.free--;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Slots free right now (besides any just taken). */
  get available(): number {
    return this.free;
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next(true);
    else this.free++;
  }

  close(): void {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter(false);
  }
}
