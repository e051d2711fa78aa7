/** Counters behind a team's health report. */
export class TeamStats {
  active = 0;
  handled = 0;
  failed = 0;
  private totalMs = 0;

  /** Wraps a handler so its runs are counted. */
  track<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
    return async (...args: A) => {
      const started = performance.now();
      this.active++;
      try {
        await fn(...args);
        this.handled++;
      } catch (err) {
        this.failed++;
        throw err;
      } finally {
        this.active--;
        this.totalMs += performance.now() - started;
      }
    };
  }

  get averageMs(): number {
    const runs = this.handled + this.failed;
    return runs ? this.totalMs / runs : 0;
  }

  get errorRate(): number {
    const runs = this.handled + this.failed;
    return runs ? this.failed / runs : 0;
  }
}
