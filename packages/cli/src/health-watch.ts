import type { Bus } from "@flotilla/bus";

export interface HealthWatch {
  /**
   * Resolves with the moment (`performance.now()`) instance `id` first reported health. Rejects
   * with `failed()`'s reason as soon as it gives one (the process exited), or after `timeoutMs`.
   */
  healthy(id: string, failed: () => string | undefined, timeoutMs: number): Promise<number>;
  stop(): void;
}

/**
 * Hears every `team.*.health` report from now on, so instances started after this call cannot
 * report before we listen. A team reports as soon as its consumers are subscribed; waiting for
 * that report, not for a fixed delay, is what lets `up` return the moment the fleet can work.
 *
 * @example
 * const watch = await watchHealth(bus);
 * spawnTeam(...);
 * await watch.healthy(instanceId, () => (child.exitCode === null ? undefined : "exited"), 60_000);
 */
export async function watchHealth(bus: Bus): Promise<HealthWatch> {
  const firstReport = new Map<string, number>();
  const listeners = new Set<() => void>();
  const sub = bus.watch("team.*.health", (_subject, message) => {
    // The bus validated it against TeamHealth; only its instance matters here.
    const id = typeof message === "object" && message && "instance_id" in message ? String(message.instance_id) : "";
    if (!id || firstReport.has(id)) return;
    firstReport.set(id, performance.now());
    for (const listener of listeners) listener();
  });
  // The subscription reaches the server before anything is started.
  await bus.flush();
  return {
    healthy: (id, failed, timeoutMs) =>
      new Promise<number>((resolve, reject) => {
        const deadline = performance.now() + timeoutMs;
        const check = () => {
          const at = firstReport.get(id);
          const why = at === undefined ? failed() : undefined;
          const late = at === undefined && !why && performance.now() > deadline;
          if (at === undefined && !why && !late) return;
          clearInterval(timer);
          listeners.delete(check);
          if (at !== undefined) resolve(at);
          else reject(new Error(why ?? `did not report healthy within ${Math.round(timeoutMs / 1000)} s`));
        };
        // Reports resolve at once (listener); exits and the deadline are polled.
        const timer = setInterval(check, 50);
        listeners.add(check);
        check();
      }),
    stop: () => sub.stop(),
  };
}
