import {
  FlotillaError,
  hasMarker,
  isConnectionError,
  isRetryableKind,
  kindOfStatus,
  parseRetryAfter,
  statusOf,
  type FailureKind,
} from "@flotilla/errors";
import type { ProviderId } from "./adapter.ts";

export type ProviderErrorKind = FailureKind;

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
  /** Overrides the kind's verdict, for errors that sum up spent retries (RetryError, AllProvidersFailedError). */
  isRetryable?: boolean;
  cause?: unknown;
}

/**
 * Every failure of a model call. `isRetryable` is computed from the kind (429, 5xx, timeouts and
 * connection resets retry; auth, bad requests and invalid output do not). Recognised by a
 * marker, not `instanceof`, so copies of the package agree. Never carries a key value.
 */
export class ProviderError extends FlotillaError {
  override readonly name: string = "ProviderError";
  readonly provider: ProviderErrorOptions["provider"];
  readonly model: string;
  readonly kind: ProviderErrorKind;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly variable?: string;
  readonly [MARKER] = true;

  constructor(message: string, opts: ProviderErrorOptions) {
    const { provider, model, kind, status, variable } = opts;
    super(message, {
      cause: opts.cause,
      isRetryable: opts.isRetryable ?? isRetryableKind(kind),
      context: {
        provider,
        model,
        kind,
        ...(status === undefined ? {} : { status }),
        ...(variable ? { variable } : {}),
      },
    });
    this.provider = provider;
    this.model = model;
    this.kind = kind;
    this.status = status;
    this.retryAfterMs = opts.retryAfterMs;
    this.variable = variable;
  }

  static override is(err: unknown): err is ProviderError {
    return hasMarker(err, MARKER);
  }
}

interface ProviderContext {
  provider: ProviderId;
  model: string;
  keyVariable?: string;
  baseUrlVariable?: string;
}

/** What to fix for an HTTP failure of this kind, and the variable that names it. */
function remedy(kind: ProviderErrorKind, ctx: ProviderContext): { fix: string; variable?: string } {
  if (kind === "auth")
    return { fix: ` — check ${ctx.keyVariable ?? "the provider's API key"}`, variable: ctx.keyVariable };
  if (kind === "not_found")
    return {
      fix: ` — check the model name and ${ctx.baseUrlVariable ?? "the base URL"}`,
      variable: ctx.baseUrlVariable,
    };
  return { fix: kind === "bad_request" ? " — the request was refused as invalid" : "" };
}

/**
 * Maps an official SDK's error to a ProviderError. The SDKs share a shape: `status` and
 * `headers` on API errors; connection and timeout errors by name. The message names the
 * provider, the model and what to fix, never a key.
 */
export function toProviderError(err: unknown, ctx: ProviderContext): ProviderError {
  if (ProviderError.is(err)) return err;
  const name = err instanceof Error ? err.name : "";
  const who = `${ctx.provider}/${ctx.model}`;
  const base = { provider: ctx.provider, model: ctx.model, cause: err };
  if (/abort/i.test(name)) return new ProviderError(`${who}: request aborted`, { ...base, kind: "aborted" });
  if (/timeout/i.test(name)) return new ProviderError(`${who}: request timed out`, { ...base, kind: "timeout" });
  const status = statusOf(err);
  if (status !== undefined) {
    const kind = kindOfStatus(status);
    const { fix, variable } = remedy(kind, ctx);
    const headers: unknown = typeof err === "object" && err !== null ? Reflect.get(err, "headers") : undefined;
    return new ProviderError(`${who}: HTTP ${status}${fix}`, {
      ...base,
      kind,
      status,
      retryAfterMs: parseRetryAfter(headers),
      variable,
    });
  }
  if (isConnectionError(err)) {
    return new ProviderError(
      `${who}: cannot reach the provider — check ${ctx.baseUrlVariable ?? "its base URL"} and the network`,
      {
        ...base,
        kind: "connection",
        variable: ctx.baseUrlVariable,
      },
    );
  }
  return new ProviderError(`${who}: ${err instanceof Error ? err.message : String(err)}`, { ...base, kind: "unknown" });
}
