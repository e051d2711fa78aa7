import type { AdapterRequest, AdapterResponse, ProviderAdapter } from "../adapter.ts";

/** Several keys of one provider, used in turn (one adapter per key). */
export function rotating(adapters: ProviderAdapter[]): ProviderAdapter {
  if (adapters.length === 1) return adapters[0]!;
  let next = 0;
  return {
    provider: adapters[0]!.provider,
    model: adapters[0]!.model,
    complete(request: AdapterRequest): Promise<AdapterResponse> {
      const adapter = adapters[next]!;
      next = (next + 1) % adapters.length;
      return adapter.complete(request);
    },
    async ready() {
      await Promise.all(adapters.map((adapter) => adapter.ready?.()));
    },
  };
}
