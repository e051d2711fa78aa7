import { isConnectionError, kindOfStatus, messageWithCause, statusOf } from "@flotilla/errors";
import { ProviderError } from "@flotilla/models";
import { cutText } from "@flotilla/contracts";

export type EmbeddingProviderId = "openai" | "google" | "ollama";

/** Who was called and which variables configure it; the key only to scrub it from messages. */
export interface EmbedContext {
  provider: EmbeddingProviderId;
  model: string;
  keyVariable?: string;
  baseUrlVariable: string;
  apiKey?: string;
}

function scrub(text: string, key: string | undefined): string {
  return key && key.length >= 4 ? text.replaceAll(key, "***") : text;
}

/**
 * Any failure of an embedding call → ProviderError, the same error the chat adapters throw, so
 * `isRetryable` and `variable` mean the same everywhere. The caller's signal decides first;
 * then the HTTP status; then timeouts and connection failures by message (both SDKs'
 * connection errors carry no status). Never carries the key.
 */
export function embeddingError(err: unknown, ctx: EmbedContext, signal?: AbortSignal): ProviderError {
  if (ProviderError.is(err)) return err;
  const who = `${ctx.provider}/${ctx.model}`;
  const base = { provider: ctx.provider, model: ctx.model, cause: err };
  const detail = cutText(scrub(messageWithCause(err), ctx.apiKey), 300);
  if (signal?.aborted) {
    const timedOut = (signal.reason as { name?: unknown } | undefined)?.name === "TimeoutError";
    return new ProviderError(`${who}: embedding request ${timedOut ? "timed out" : "aborted"}`, {
      ...base,
      kind: timedOut ? "timeout" : "aborted",
    });
  }
  const status = statusOf(err);
  if (status !== undefined) {
    const kind = kindOfStatus(status);
    const variable = kind === "auth" ? ctx.keyVariable : kind === "not_found" ? ctx.baseUrlVariable : undefined;
    const fix =
      kind === "auth"
        ? ` — check ${ctx.keyVariable ?? "the provider's API key"}`
        : kind === "not_found"
          ? ` — check EMBEDDING_MODEL and ${ctx.baseUrlVariable}`
          : "";
    return new ProviderError(`${who}: embedding failed with HTTP ${status}${fix}: ${detail}`, {
      ...base,
      kind,
      status,
      variable,
    });
  }
  if (/timed? ?out/i.test(detail))
    return new ProviderError(`${who}: embedding request timed out`, { ...base, kind: "timeout" });
  if (isConnectionError(err)) {
    return new ProviderError(
      `${who}: cannot reach the embedding provider — check ${ctx.baseUrlVariable} and the network: ${detail}`,
      {
        ...base,
        kind: "connection",
        variable: ctx.baseUrlVariable,
      },
    );
  }
  return new ProviderError(`${who}: embedding failed: ${detail}`, { ...base, kind: "unknown" });
}

/** The provider answered, but not with what was asked (count or size of vectors). */
export function invalidEmbeddings(ctx: EmbedContext, why: string): ProviderError {
  return new ProviderError(`${ctx.provider}/${ctx.model}: ${why}`, {
    provider: ctx.provider,
    model: ctx.model,
    kind: "invalid_output",
  });
}
