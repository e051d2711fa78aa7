import { describe, expect, it } from "vitest";
import { backoffDelay, FlotillaError, retry, RetryError } from "../src/index.ts";

const transient = (message = "503") => new FlotillaError(message, { isRetryable: true });

function recordingSleep() {
  const waits: number[] = [];
  const sleep = async (ms: number, signal?: AbortSignal) => {
    waits.push(ms);
    signal?.throwIfAborted();
  };
  return { waits, sleep };
}

describe("backoffDelay", () => {
  it("doubles from the base with ±25 % jitter, honours retry-after, never past maxMs", () => {
    expect(backoffDelay(1, { random: () => 0 })).toBe(750);
    expect(backoffDelay(3, { random: () => 0.999999 })).toBe(5000);
    expect(backoffDelay(2, { jitter: false })).toBe(2000);
    expect(backoffDelay(2, { jitter: "full", random: () => 0.25 })).toBe(500);
    expect(backoffDelay(1, { jitter: false, retryAfterMs: 4_000 })).toBe(4_000);
    expect(backoffDelay(20, { retryAfterMs: 90_000 })).toBe(30_000);
  });
});

describe("retry", () => {
  it("retries what is retryable, waiting at least the retry-after a failure asks", async () => {
    const { waits, sleep } = recordingSleep();
    const rateLimited = Object.assign(transient("429"), { retryAfterMs: 1_500 });
    let calls = 0;
    const result = await retry(async () => (++calls === 1 ? Promise.reject(rateLimited) : "ok"), {
      sleep,
      random: () => 0,
    });
    expect(result).toEqual({ value: "ok", retries: 1 });
    expect(waits).toEqual([1_500]);
  });

  it("throws a single failure as is, and keeps every error once it gives up", async () => {
    const permanent = new FlotillaError("401");
    await expect(
      retry(async () => {
        throw permanent;
      }),
    ).rejects.toBe(permanent);
    const errors = [transient("a"), transient("b"), transient("c")];
    const { sleep } = recordingSleep();
    const err = await retry(
      async (n) => {
        throw errors[n - 1];
      },
      { sleep, maxRetries: 2 },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryError);
    expect(err).toMatchObject({
      name: "RetryError",
      errors,
      attempts: 3,
      isRetryable: false,
      message: "c (gave up after 3 attempts)",
    });
  });

  it("never retries an abort, even one a predicate would accept", async () => {
    let calls = 0;
    const abort = new DOMException("stop", "AbortError");
    await expect(
      retry(
        async () => {
          calls++;
          throw abort;
        },
        { retryable: (_error): _error is unknown => true },
      ),
    ).rejects.toBe(abort);
    expect(calls).toBe(1);
  });

  it("ends a wait at once when the signal aborts, keeping the earlier failure", async () => {
    const controller = new AbortController();
    const started = performance.now();
    const first = transient();
    const err = await retry(
      async () => {
        throw first;
      },
      {
        signal: controller.signal,
        baseMs: 10_000,
        onRetry: () => setTimeout(() => controller.abort(), 20),
      },
    ).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(err).toBeInstanceOf(RetryError);
    expect((err as RetryError).errors[0]).toBe(first);
    expect((err as RetryError).errors[1]).toMatchObject({ name: "AbortError" });
  });
});
