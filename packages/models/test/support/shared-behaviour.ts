import { describe, expect, it } from "vitest";
import type { AdapterRequest, AdapterSettings, ProviderAdapter, ProviderId } from "../../src/adapter.ts";
import { failure, fakePerTest, recordingFetch, withEnv } from "./adapter-fixtures.ts";

/** What the shared suite needs of a fake provider server (each names its wait differently). */
interface FakeServer {
  url: string;
  requests: readonly unknown[];
  script(...replies: never[]): void;
  close(): Promise<void>;
}

/** A reply the fake server can be scripted with. */
type ReplyOf<Fake extends FakeServer> = Parameters<Fake["script"]>[number];

/** One provider as the shared suite drives it: its adapter, its fake server and the replies scripting it. */
export interface ProviderCase<Fake extends FakeServer> {
  provider: ProviderId;
  model: string;
  key: string;
  createAdapter(settings: AdapterSettings): ProviderAdapter;
  startFake(): Promise<Fake>;
  waitForRequests(fake: Fake, count: number): Promise<void>;
  /** The base URL the adapter takes for a fake server at `url`, when it is not `url` itself. */
  baseURL?(url: string): string;
  /** Where on the fake server a completion is requested. */
  completionPath: string;
  request(over?: Partial<AdapterRequest>): AdapterRequest;
  /** The variables errors name: the key's (when the settings name none) and the base URL's. */
  keyVariable: string;
  baseUrlVariable: string;
  /** A key variable to configure for the 401, to see it named instead of the default. */
  configuredKeyVariable?: string;
  replies: {
    answer: ReplyOf<Fake>;
    hang: ReplyOf<Fake>;
    unauthorized: ReplyOf<Fake>;
    /** A 429 asking to retry in 2 s, the way this provider says so. */
    rateLimited: ReplyOf<Fake>;
    serverError(status: number): ReplyOf<Fake>;
  };
  /** The 5xx statuses this provider's servers answer with. */
  serverStatuses: number[];
}

/**
 * How every adapter maps failures and honours its settings, whichever SDK and wire protocol
 * are underneath: run against each provider's fake server with the same assertions.
 */
export function describeSharedBehaviour<Fake extends FakeServer>(c: ProviderCase<Fake>): void {
  describe(`the ${c.provider} adapter: behaviour every adapter shares`, () => {
    const fake = fakePerTest(c.startFake);
    const baseURL = (url: string) => c.baseURL?.(url) ?? url;
    const adapter = (over: Partial<AdapterSettings> = {}) =>
      c.createAdapter({ model: c.model, apiKey: c.key, baseURL: baseURL(fake().url), ...over });

    it("401: auth, not retryable, names the key variable and never the key", async () => {
      fake().script(c.replies.unauthorized);
      const variable = c.configuredKeyVariable ?? c.keyVariable;
      const err = await failure(adapter({ keyVariable: c.configuredKeyVariable }).complete(c.request()));
      expect(err).toMatchObject({ kind: "auth", status: 401, provider: c.provider, model: c.model, variable });
      expect(err.isRetryable).toBe(false);
      expect(err.message).toContain(variable);
      expect(err.message).not.toContain(c.key);
      expect(fake().requests).toHaveLength(1);
    });

    it("no key: auth error naming the variable, without a request (the SDK's env fallback is not used)", async () => {
      await withEnv({ [c.keyVariable]: "key-from-env-must-not-be-used" }, async () => {
        const err = await failure(adapter({ apiKey: undefined }).complete(c.request()));
        expect(err).toMatchObject({ kind: "auth", variable: c.keyVariable });
        expect(err.message).toContain(c.keyVariable);
        expect(fake().requests).toHaveLength(0);
      });
    });

    it("429 asking to retry in 2 s: rate_limit, retryable, the delay kept, one request only", async () => {
      fake().script(c.replies.rateLimited, c.replies.answer);
      const err = await failure(adapter().complete(c.request()));
      expect(err).toMatchObject({ kind: "rate_limit", status: 429, retryAfterMs: 2000 });
      expect(err.isRetryable).toBe(true);
      expect(fake().requests).toHaveLength(1);
    });

    it.each(c.serverStatuses)("%i: server, retryable, one request only", async (status) => {
      fake().script(c.replies.serverError(status), c.replies.answer);
      const err = await failure(adapter().complete(c.request()));
      expect(err).toMatchObject({ kind: "server", status });
      expect(err.isRetryable).toBe(true);
      expect(fake().requests).toHaveLength(1);
    });

    it("aborting the signal while the server hangs: aborted, not retryable", async () => {
      fake().script(c.replies.hang);
      const controller = new AbortController();
      const pending = adapter().complete(c.request({ signal: controller.signal }));
      await c.waitForRequests(fake(), 1);
      controller.abort();
      const err = await failure(pending);
      expect(err.kind).toBe("aborted");
      expect(err.isRetryable).toBe(false);
      expect(fake().requests).toHaveLength(1);
    });

    it("a deadline signal (AbortSignal.timeout) while the server hangs: timeout, retryable", async () => {
      fake().script(c.replies.hang);
      const err = await failure(adapter().complete(c.request({ signal: AbortSignal.timeout(200) })));
      expect(err.kind).toBe("timeout");
      expect(err.isRetryable).toBe(true);
      expect(fake().requests).toHaveLength(1);
    });

    it("a closed server: connection, retryable, naming the base URL variable and never the key", async () => {
      const gone = await c.startFake();
      await gone.close();
      const err = await failure(adapter({ baseURL: baseURL(gone.url) }).complete(c.request()));
      expect(err).toMatchObject({ kind: "connection", variable: c.baseUrlVariable });
      expect(err.isRetryable).toBe(true);
      expect(err.message).toContain(c.baseUrlVariable);
      expect(err.message).not.toContain(c.key);
    });

    it("uses an injected fetch", async () => {
      fake().script(c.replies.answer);
      const spy = recordingFetch();
      await adapter({ fetch: spy.fetch }).complete(c.request());
      expect(spy.urls).toEqual([`${fake().url}${c.completionPath}`]);
    });
  });
}
