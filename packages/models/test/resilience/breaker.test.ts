import { describe, expect, it } from "vitest";
import { ProviderError, type ProviderErrorKind } from "../../src/errors.ts";
import {
  BreakerOpenError,
  BreakerRegistry,
  CircuitBreaker,
  type BreakerStateChange,
} from "../../src/resilience/index.ts";

const fail = (kind: ProviderErrorKind) =>
  new ProviderError(`openai/gpt-5: ${kind}`, { provider: "openai", model: "gpt-5", kind });

function setup() {
  const clock = { t: 1_000_000 };
  const breaker = new CircuitBreaker("openai", "gpt-5", { now: () => clock.t });
  const events: BreakerStateChange[] = [];
  breaker.onStateChange((e) => events.push(e));
  let calls = 0;
  const failing = (kind: ProviderErrorKind = "server") =>
    breaker
      .call(async () => {
        calls++;
        throw fail(kind);
      })
      .catch((e) => e);
  const ok = () =>
    breaker.call(async () => {
      calls++;
      return "ok";
    });
  return { clock, breaker, events, failing, ok, calls: () => calls };
}

function deferred<T>() {
  let resolve!: (v: T) => void, reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("CircuitBreaker", () => {
  it("opens after 3 consecutive retryable failures, not before", async () => {
    const { breaker, failing } = setup();
    await failing("server");
    await failing("timeout");
    expect(breaker.state).toBe("CLOSED");
    await failing("rate_limit");
    expect(breaker.state).toBe("OPEN");
  });

  it("does not count refused requests or invalid answers, and a success resets the count", async () => {
    const { breaker, failing, ok } = setup();
    for (let i = 0; i < 5; i++) await failing("bad_request");
    for (let i = 0; i < 5; i++) await failing("invalid_output");
    await failing("server");
    await failing("server");
    await ok();
    await failing("server");
    await failing("server");
    expect(breaker.state).toBe("CLOSED");
    expect(breaker.consecutiveFailures).toBe(2);
  });

  it("rejects at once while open, without calling through", async () => {
    const { breaker, failing, calls, clock } = setup();
    for (let i = 0; i < 3; i++) await failing();
    const err = await failing();
    expect(calls()).toBe(3);
    expect(err).toBeInstanceOf(BreakerOpenError);
    expect(err.breakerOpen).toBe(true);
    expect(err.isRetryable).toBe(false);
    expect(err.retryAt).toBe(clock.t + 60_000);
    expect(err.message).toBe(`circuit open for openai/gpt-5 until ${new Date(clock.t + 60_000).toISOString()}`);
    expect(breaker.retryAt).toBe(clock.t + 60_000);
  });

  it("after recovery lets exactly 2 trial calls through, and 2 successes close it", async () => {
    const { breaker, failing, clock } = setup();
    for (let i = 0; i < 3; i++) await failing();
    clock.t += 59_999;
    expect(breaker.state).toBe("OPEN");
    clock.t += 1;
    expect(breaker.state).toBe("HALF_OPEN");
    const a = deferred<string>(),
      b = deferred<string>();
    let third = 0;
    const first = breaker.call(() => a.promise),
      second = breaker.call(() => b.promise);
    const rejected = await breaker
      .call(async () => {
        third++;
        return "x";
      })
      .catch((e) => e);
    expect(third).toBe(0);
    expect(rejected.breakerOpen).toBe(true);
    a.resolve("a");
    await first;
    expect(breaker.state).toBe("HALF_OPEN");
    b.resolve("b");
    await second;
    expect(breaker.state).toBe("CLOSED");
  });

  it("re-opens on a failure while half-open, for another recovery period", async () => {
    const { breaker, failing, ok, clock } = setup();
    for (let i = 0; i < 3; i++) await failing();
    clock.t += 60_000;
    await ok();
    await failing("connection");
    expect(breaker.state).toBe("OPEN");
    expect(breaker.retryAt).toBe(clock.t + 60_000);
  });

  it("reports state changes in order, with the key, time and retry time", async () => {
    const { failing, ok, clock, events } = setup();
    const t0 = clock.t;
    for (let i = 0; i < 3; i++) await failing();
    clock.t += 60_000;
    await failing();
    clock.t += 60_000;
    await ok();
    await ok();
    expect(events).toEqual([
      { key: "openai/gpt-5", from: "CLOSED", to: "OPEN", at: t0, retryAt: t0 + 60_000 },
      { key: "openai/gpt-5", from: "OPEN", to: "HALF_OPEN", at: t0 + 60_000 },
      { key: "openai/gpt-5", from: "HALF_OPEN", to: "OPEN", at: t0 + 60_000, retryAt: t0 + 120_000 },
      { key: "openai/gpt-5", from: "OPEN", to: "HALF_OPEN", at: t0 + 120_000 },
      { key: "openai/gpt-5", from: "HALF_OPEN", to: "CLOSED", at: t0 + 120_000 },
    ]);
  });

  it("ignores the outcome of a call admitted before the state changed", async () => {
    const { breaker, failing, ok, clock } = setup();
    const slow = deferred<string>(),
      slowFail = deferred<string>();
    const stale = breaker.call(() => slow.promise),
      staleFail = breaker.call(() => slowFail.promise).catch(() => {});
    for (let i = 0; i < 3; i++) await failing();
    clock.t += 60_000;
    await ok(); // one trial success of two
    slow.resolve("late"); // admitted while CLOSED: must not count as the second trial
    await stale;
    slowFail.reject(fail("server")); // nor may a stale failure re-open it
    await staleFail;
    expect(breaker.state).toBe("HALF_OPEN");
    await ok();
    expect(breaker.state).toBe("CLOSED");
  });
});

describe("BreakerRegistry", () => {
  it("keeps one breaker per provider+model and reports every state", async () => {
    const t = 0;
    const registry = new BreakerRegistry({ threshold: 1, now: () => t });
    const heard: string[] = [];
    registry.onStateChange((e) => heard.push(`${e.key} ${e.to}`));
    expect(registry.for("groq", "llama")).toBe(registry.for("groq", "llama"));
    await registry
      .for("openai", "gpt-5")
      .call(async () => {
        throw fail("server");
      })
      .catch(() => {});
    expect(heard).toEqual(["openai/gpt-5 OPEN"]);
    expect(registry.states()).toEqual([
      { key: "groq/llama", provider: "groq", model: "llama", state: "CLOSED", consecutiveFailures: 0 },
      {
        key: "openai/gpt-5",
        provider: "openai",
        model: "gpt-5",
        state: "OPEN",
        consecutiveFailures: 1,
        retryAt: 60_000,
      },
    ]);
  });
});
