import { describe, expect, it } from "vitest";
import { ProviderError, type ProviderErrorKind } from "../../src/errors.ts";
import { RetryError, retryDelay, withRetry } from "../../src/resilience/index.ts";

const fail = (kind: ProviderErrorKind, extra: { retryAfterMs?: number; status?: number } = {}) =>
  new ProviderError(`openai/gpt-5: ${kind}`, { provider: "openai", model: "gpt-5", kind, ...extra });

/** fn failing with the given errors in turn, then answering "ok"; counts calls. */
function script(...errors: ProviderError[]) {
  const fn = async (attempt: number) => {
    fn.calls.push(attempt);
    const err = errors[attempt - 1];
    if (err) throw err;
    return "ok";
  };
  fn.calls = [] as number[];
  return fn;
}

/** A fake sleep that records its delays and, like the real one, rejects once the signal aborts. */
function fakeSleep() {
  const sleeps: number[] = [];
  const sleep = async (ms: number, signal?: AbortSignal) => {
    sleeps.push(ms);
    signal?.throwIfAborted();
  };
  return { sleeps, sleep };
}

describe("withRetry", () => {
  it("waits what a 429's retry-after asks when that is longer than the backoff", async () => {
    const { sleeps, sleep } = fakeSleep();
    const fn = script(fail("rate_limit", { status: 429, retryAfterMs: 1500 }));
    const r = await withRetry(fn, { sleep, random: () => 0.99 });
    expect(r).toEqual({ value: "ok", retries: 1 });
    expect(sleeps).toEqual([1500]);
  });

  it("caps a provider's retry-after at maxMs", () => {
    expect(retryDelay(fail("rate_limit", { retryAfterMs: 90_000 }), 1, { maxMs: 30_000 })).toBe(30_000);
  });

  it("retries a 500 with growing delays", async () => {
    const { sleeps, sleep } = fakeSleep();
    const fn = script(fail("server"), fail("server"), fail("server"));
    const r = await withRetry(fn, { sleep, jitter: false });
    expect(r.retries).toBe(3);
    expect(fn.calls).toEqual([1, 2, 3, 4]);
    expect(sleeps).toEqual([1000, 2000, 4000]);
  });

  it("jitters by ±25 %, or anywhere below the delay with full jitter, never past maxMs", () => {
    const err = fail("server");
    expect(retryDelay(err, 2, { random: () => 0 })).toBe(1500);
    expect(retryDelay(err, 2, { random: () => 0.999999 })).toBe(2500);
    expect(retryDelay(err, 2, { jitter: "full", random: () => 0.25 })).toBe(500);
    expect(retryDelay(err, 10, { random: () => 0.999999 })).toBe(30_000);
  });

  it("does not retry a 401 and throws it unwrapped", async () => {
    const { sleeps, sleep } = fakeSleep();
    const auth = fail("auth", { status: 401 });
    const fn = script(auth);
    await expect(withRetry(fn, { sleep })).rejects.toBe(auth);
    expect(fn.calls).toEqual([1]);
    expect(sleeps).toEqual([]);
  });

  it("does not retry an error that is not a ProviderError", async () => {
    const bug = new TypeError("x is undefined");
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw bug;
        },
        { sleep: async () => {} },
      ),
    ).rejects.toBe(bug);
    expect(calls).toBe(1);
  });

  it("stops at once when the signal aborts while waiting, keeping the earlier error", async () => {
    const ac = new AbortController();
    const fn = script(fail("server"), fail("server"));
    const started = performance.now();
    // The real sleep, with a 10 s backoff: only the abort can end the wait early.
    const err = await withRetry(fn, {
      signal: ac.signal,
      baseMs: 10_000,
      onRetry: () => setTimeout(() => ac.abort(), 20),
    }).catch((e) => e);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(fn.calls).toEqual([1]);
    expect(err).toBeInstanceOf(RetryError);
    expect(err.kind).toBe("aborted");
    expect(err.errors.map((e: ProviderError) => e.kind)).toEqual(["server", "aborted"]);
  });

  it("does not retry once the signal has aborted", async () => {
    const { sleeps, sleep } = fakeSleep();
    const ac = new AbortController();
    const timeout = fail("timeout");
    const fn = async () => {
      ac.abort();
      throw timeout;
    };
    await expect(withRetry(fn, { sleep, signal: ac.signal })).rejects.toBe(timeout);
    expect(sleeps).toEqual([]);
  });

  it("gives up after maxRetries with every error kept, in order", async () => {
    const { sleeps, sleep } = fakeSleep();
    const errors = [fail("server"), fail("connection"), fail("timeout"), fail("server")];
    const fn = script(...errors, fail("server"));
    const err = await withRetry(fn, { sleep, maxRetries: 3 }).catch((e) => e);
    expect(fn.calls).toEqual([1, 2, 3, 4]);
    expect(sleeps).toHaveLength(3);
    expect(err).toBeInstanceOf(RetryError);
    expect(ProviderError.is(err)).toBe(true);
    expect(err.name).toBe("RetryError");
    expect(err.errors).toEqual(errors);
    expect(err.attempts).toBe(4);
    expect(err.kind).toBe("server");
    expect(err.isRetryable).toBe(false);
    expect(err.message).toMatch(/gave up after 4 attempts/);
  });

  it("keeps the earlier errors when a permanent error ends the retries", async () => {
    const fn = script(fail("server"), fail("auth", { status: 401 }));
    const err = await withRetry(fn, { sleep: async () => {} }).catch((e) => e);
    expect(err.kind).toBe("auth");
    expect(err.errors.map((e: ProviderError) => e.kind)).toEqual(["server", "auth"]);
  });
});
