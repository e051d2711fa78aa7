import { describe, expect, it } from "vitest";
import { Limiter, Semaphore } from "../../src/resilience/index.ts";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}
const tick = () => new Promise((r) => setImmediate(r));

describe("Limiter", () => {
  it("with max 2, a third call waits until one finishes", async () => {
    const sem = new Limiter().for("cerebras", 2);
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      sem.run(async () => {
        started.push(i);
        await g.promise;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    expect(sem.waiting).toBe(1);
    gates[1]!.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.resolve();
    gates[2]!.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    expect(sem.active).toBe(0);
  });

  it("serves waiters first in, first out, and frees the slot when a call throws", async () => {
    const sem = new Semaphore(1);
    const order: number[] = [];
    const runs = [0, 1, 2, 3].map((i) =>
      sem
        .run(async () => {
          order.push(i);
          await tick();
          if (i === 0) throw new Error("boom");
        })
        .catch(() => {}),
    );
    await Promise.all(runs);
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it("lets an aborted waiter leave the queue at once, without taking a slot", async () => {
    const sem = new Semaphore(1);
    const gate = deferred();
    const holder = sem.run(() => gate.promise);
    const ac = new AbortController();
    let ranAborted = false;
    const aborted = sem
      .run(async () => {
        ranAborted = true;
      }, ac.signal)
      .catch((e) => e);
    const next = sem.run(async () => "next");
    ac.abort(new Error("cancelled"));
    expect(((await aborted) as Error).message).toBe("cancelled");
    expect(sem.waiting).toBe(1);
    gate.resolve();
    await holder;
    expect(await next).toBe("next");
    expect(ranAborted).toBe(false);
  });

  it("keeps one semaphore per provider, independent of the others", async () => {
    const limiter = new Limiter();
    expect(limiter.for("groq", 1)).toBe(limiter.for("groq", 5));
    const gate = deferred();
    void limiter.for("groq", 1).run(() => gate.promise);
    expect(await limiter.for("openai", 1).run(async () => "free")).toBe("free");
    expect(limiter.stats()).toEqual([
      { provider: "groq", max: 1, active: 1, waiting: 0 },
      { provider: "openai", max: 1, active: 0, waiting: 0 },
    ]);
    gate.resolve();
  });
});
