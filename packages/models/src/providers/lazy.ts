import type { AdapterRequest, AdapterResponse, ProviderAdapter, ProviderId } from "../adapter.ts";

/**
 * An adapter whose SDK is imported on its first call, not when the fleet starts: each provider
 * SDK is megabytes of code a team would otherwise hold for every provider it might fall back
 * to. The import happens once; a failed import is retried on the next call.
 *
 * @example
 * const gpt = lazyAdapter("openai", "gpt-5", async () => (await import("./openai.ts")).createOpenAIAdapter(settings));
 */
export function lazyAdapter(
  provider: ProviderId,
  model: string,
  load: () => Promise<ProviderAdapter>,
): ProviderAdapter {
  let loading: Promise<ProviderAdapter> | undefined;
  const loaded = () =>
    (loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw err;
    }));
  return {
    provider,
    model,
    async complete(request: AdapterRequest): Promise<AdapterResponse> {
      return (await loaded()).complete(request);
    },
    async ready() {
      await loaded();
    },
  };
}
