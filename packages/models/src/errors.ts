import type { ProviderId } from "./adapter.ts";

export type ProviderErrorKind =
  | "rate_limit" | "server" | "timeout" | "connection" | "auth" | "bad_request" | "not_found" | "invalid_output" | "aborted" | "unknown";

const MARKER = Symbol.for("flotilla.ProviderError");

export interface ProviderErrorOptions {
  provider: ProviderId | "simulated";
  model: string;
  kind: ProviderErrorKind;
  status?: number;
  /** From a retry-after header, when the provider sent one. */
  retryAfterMs?: number;
  /** The variable a person should fix (e.g. OPENAI_API_KEY, OPENAI_BASE_URL). */
  variable?: string;
  cause?: unknown;
}

/**
 * Every failure of a model call. `isRetryable` is computed from the kind (429, 5xx, timeouts and
 * connection resets retry; auth, bad requests and invalid output do not). Recognised by a
 * marker, not `instanceof`, so copies of the package agree. Never carries a key value.
 */
export class ProviderError extends Error {
  override readonly name: string = "ProviderError";
  readonly provider: ProviderErrorOptions["provider"];
  readonly model: string;
  readonly kind: ProviderErrorKind;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly variable?: string;
  readonly [MARKER] = true;

  constructor(message: string, opts: ProviderErrorOptions) {
    super(message, { cause: opts.cause });
    this.provider = opts.provider;
    this.model = opts.model;
    this.kind = opts.kind;
    this.status = opts.status;
    this.retryAfterMs = opts.retryAfterMs;
    this.variable = opts.variable;
  }

  get isRetryable(): boolean {
    return ["rate_limit", "server", "timeout", "connection"].includes(this.kind);
  }

  static is(err: unknown): err is ProviderError {
    return typeof err === "object" && err !== null && (err as Record<symbol, unknown>)[MARKER] === true;
  }
}

/** Kind of an HTTP status. */
export function kindOfStatus(status: number): ProviderErrorKind {
  if (status === 429) return "rate_limit";
  if (status === 408) return "timeout";
  if (status === 401 || status === 403) return "auth";
  if (status === 404) return "not_found";
  if (status >= 500) return "server";
  if (status >= 400) return "bad_request";
  return "unknown";
}

/** Milliseconds from a retry-after (seconds or HTTP date) or retry-after-ms header. */
export function parseRetryAfter(headers: { get(name: string): string | null } | Record<string, string | undefined> | undefined): number | undefined {
  if (!headers) return undefined;
  const get = (n: string) => (typeof (headers as { get?: unknown }).get === "function"
    ? (headers as { get(name: string): string | null }).get(n)
    : (headers as Record<string, string | undefined>)[n]) ?? undefined;
  const ms = get("retry-after-ms");
  if (ms && !Number.isNaN(Number(ms))) return Number(ms);
  const ra = get("retry-after");
  if (!ra) return undefined;
  if (!Number.isNaN(Number(ra))) return Number(ra) * 1000;
  const date = Date.parse(ra);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * Maps an official SDK's error to a ProviderError. The SDKs share a shape: `status` and
 * `headers` on API errors; connection and timeout errors by name. The message names the
 * provider, the model and what to fix, never a key.
 */
export function toProviderError(err: unknown, ctx: { provider: ProviderId; model: string; keyVariable?: string; baseUrlVariable?: string }): ProviderError {
  if (ProviderError.is(err)) return err;
  const e = err as { status?: number; headers?: unknown; name?: string; message?: string; code?: string };
  const name = e?.name ?? "";
  const base = { provider: ctx.provider, model: ctx.model, cause: err };
  if (name === "AbortError" || /abort/i.test(name)) return new ProviderError(`${ctx.provider}/${ctx.model}: request aborted`, { ...base, kind: "aborted" });
  if (/timeout/i.test(name)) return new ProviderError(`${ctx.provider}/${ctx.model}: request timed out`, { ...base, kind: "timeout" });
  if (typeof e?.status === "number") {
    const kind = kindOfStatus(e.status);
    const fix = kind === "auth" ? ` — check ${ctx.keyVariable ?? "the provider's API key"}`
      : kind === "not_found" ? ` — check the model name and ${ctx.baseUrlVariable ?? "the base URL"}`
      : kind === "bad_request" ? " — the request was refused as invalid" : "";
    return new ProviderError(`${ctx.provider}/${ctx.model}: HTTP ${e.status}${fix}`, {
      ...base, kind, status: e.status, retryAfterMs: parseRetryAfter(e.headers as never), variable: kind === "auth" ? ctx.keyVariable : kind === "not_found" ? ctx.baseUrlVariable : undefined,
    });
  }
  if (/connection|fetch failed|ECONNREFUSED|ECONNRESET|ENOTFOUND|socket/i.test(`${name} ${e?.message ?? ""} ${e?.code ?? ""}`)) {
    return new ProviderError(`${ctx.provider}/${ctx.model}: cannot reach the provider — check ${ctx.baseUrlVariable ?? "its base URL"} and the network`, { ...base, kind: "connection", variable: ctx.baseUrlVariable });
  }
  return new ProviderError(`${ctx.provider}/${ctx.model}: ${e?.message ?? String(err)}`, { ...base, kind: "unknown" });
}
