import type { AdapterRequest, AdapterResponse, ProviderAdapter, ProviderId } from "../adapter.ts";

/** One scripted reply: answer text, an error to throw, or a function of the request. */
export type AdapterStep =
  string | Error | ((request: AdapterRequest) => Promise<AdapterResponse | string> | AdapterResponse | string);

export interface ScriptedAdapter extends ProviderAdapter {
  /** Every request received, in order (copies of the messages, so later re-asks do not change them). */
  readonly requests: AdapterRequest[];
}

/**
 * An in-memory ProviderAdapter for tests of the chain and of anything built on it: call n gets
 * `steps[n]` (the last step repeats). Usage is 10 tokens in and the answer's length / 4 out.
 *
 * @example
 * const flaky = scriptedAdapter("groq", "llama", [
 *   new ProviderError("503", { provider: "groq", model: "llama", kind: "server" }),
 *   '{"ok":true}',
 * ]);
 */
export function scriptedAdapter(provider: ProviderId, model: string, steps: AdapterStep[]): ScriptedAdapter {
  if (steps.length === 0) throw new Error("scriptedAdapter needs at least one step");
  const requests: AdapterRequest[] = [];
  return {
    provider,
    model,
    requests,
    async complete(request: AdapterRequest): Promise<AdapterResponse> {
      requests.push({ ...request, messages: request.messages.map((m) => ({ ...m })) });
      const step = steps[Math.min(requests.length, steps.length) - 1]!;
      if (step instanceof Error) throw step;
      const reply = typeof step === "function" ? await step(request) : step;
      return typeof reply === "string"
        ? { text: reply, usage: { inputTokens: 10, outputTokens: Math.ceil(reply.length / 4) } }
        : reply;
    },
  };
}

/** A step that never answers unless its signal aborts; then it rejects as an SDK would. */
export const hangUntilAborted: AdapterStep = (request) =>
  new Promise<never>((_, reject) => {
    request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
  });

/** A step that ignores its signal entirely, as a buggy adapter might: only the chain can end it. */
export const hangDeaf: AdapterStep = () => new Promise<never>(() => {});
