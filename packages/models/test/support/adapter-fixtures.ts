import { afterEach, beforeEach, expect } from "vitest";
import type { AdapterRequest } from "../../src/adapter.ts";
import { ProviderError } from "../../src/errors.ts";

/** Builds requests from a provider test's defaults; every request gets a fresh, unaborted signal. */
export function requestsLike(
  defaults: Omit<AdapterRequest, "signal">,
): (over?: Partial<AdapterRequest>) => AdapterRequest {
  return (over = {}) => ({ ...defaults, signal: new AbortController().signal, ...over });
}

/** The ProviderError a call failed with; fails the test when the call succeeds or throws anything else. */
export async function failure(call: Promise<unknown>): Promise<ProviderError> {
  const err = await call.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
  expect(ProviderError.is(err), `expected a ProviderError, got ${String(err)}`).toBe(true);
  return err as ProviderError;
}

/** The one request a fake server received; fails the test when it received more or fewer. */
export function onlyRequest<Recorded>(requests: readonly Recorded[]): Recorded {
  expect(requests).toHaveLength(1);
  return requests[0]!;
}

/**
 * A fresh fake server for every test of the enclosing suite, closed after it, so no scripted
 * reply or hanging request leaks into the next test. Returns the current one.
 */
export function fakePerTest<Fake extends { close(): Promise<void> }>(start: () => Promise<Fake>): () => Fake {
  let current: Fake | undefined;
  beforeEach(async () => {
    current = await start();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error("the fake server runs only inside a test");
    return current;
  };
}

/** Runs `body` with these environment variables set (undefined: unset), restoring them after. */
export async function withEnv(vars: Record<string, string | undefined>, body: () => Promise<void>): Promise<void> {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(vars);
  try {
    await body();
  } finally {
    apply(saved);
  }
}

/** A fetch that records the URL of every request before passing it on (to test injected fetch). */
export function recordingFetch(): { fetch: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    fetch: (input, init) => {
      urls.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    },
  };
}
