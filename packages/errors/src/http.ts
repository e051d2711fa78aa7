/**
 * What went wrong with a call to a remote service, in words a retry policy and a person can use.
 * The one mapping from HTTP statuses and network failures, shared by model providers, embedders
 * and Qdrant.
 */
export type FailureKind =
  | "rate_limit"
  | "server"
  | "timeout"
  | "connection"
  | "auth"
  | "bad_request"
  | "not_found"
  | "invalid_output"
  | "aborted"
  | "unknown";

// A 429, a 5xx, a timeout or a dropped connection may pass on a later try; the rest will fail the same way.
const RETRYABLE_KINDS: ReadonlySet<FailureKind> = new Set(["rate_limit", "server", "timeout", "connection"]);

export function isRetryableKind(kind: FailureKind): boolean {
  return RETRYABLE_KINDS.has(kind);
}

/** Kind of an HTTP status: 429 rate_limit, 408 timeout, 401/403 auth, 404 not_found, 5xx server, other 4xx bad_request. */
export function kindOfStatus(status: number): FailureKind {
  if (status === 429) return "rate_limit";
  if (status === 408) return "timeout";
  if (status === 401 || status === 403) return "auth";
  if (status === 404) return "not_found";
  if (status >= 500) return "server";
  return status >= 400 ? "bad_request" : "unknown";
}

/** True for 408, 429 and 5xx. */
export const isRetryableStatus = (status: number): boolean => isRetryableKind(kindOfStatus(status));

/** The `status` an HTTP client's error carries (fetch-based SDKs and the Qdrant client agree on it). */
export function statusOf(error: unknown): number | undefined {
  const status = typeof error === "object" && error !== null ? Reflect.get(error, "status") : undefined;
  return typeof status === "number" ? status : undefined;
}

/** One header from a fetch `Headers` (or anything with `get`) or a plain record of them. */
function header(headers: object, name: string): string | undefined {
  const get: unknown = Reflect.get(headers, "get");
  const value: unknown = typeof get === "function" ? get.call(headers, name) : Reflect.get(headers, name);
  return typeof value === "string" ? value : undefined;
}

/**
 * Milliseconds to wait from a `retry-after-ms` header, or `retry-after` in seconds or as an HTTP date.
 *
 * @example
 * parseRetryAfter(new Headers({ "retry-after": "2" })); // 2000
 */
export function parseRetryAfter(headers: unknown): number | undefined {
  if (typeof headers !== "object" || headers === null) return undefined;
  const ms = header(headers, "retry-after-ms");
  if (ms && !Number.isNaN(Number(ms))) return Number(ms);
  const after = header(headers, "retry-after");
  if (!after) return undefined;
  if (!Number.isNaN(Number(after))) return Number(after) * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);
const NETWORK_WORDS = /connection|fetch failed|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|socket/i;

/**
 * No answer at all: refused, reset, DNS, a closed socket. undici throws TypeError("fetch failed")
 * with the reason in `cause`; the SDKs wrap it in a "Connection error", so causes are searched too.
 */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code: unknown = Reflect.get(error, "code");
  if (typeof code === "string" && (NETWORK_CODES.has(code) || code.startsWith("UND_ERR_"))) return true;
  if (NETWORK_WORDS.test(`${error.name} ${error.message}`)) return true;
  return error.cause !== undefined && isConnectionError(error.cause);
}

/** The message with its cause's, where undici hides the useful part ("connect ECONNREFUSED 127.0.0.1:1"). */
export function messageWithCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}
