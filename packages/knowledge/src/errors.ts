const MARKER = Symbol.for("flotilla.knowledge.error");

export interface KnowledgeErrorOptions {
  /** Store operation that failed: "upsert", "search", "ensureCollections"... */
  operation: string;
  collection?: string;
  /** HTTP status from Qdrant, when it answered at all. */
  status?: number;
  isRetryable?: boolean;
  /** The environment variable a person should fix (EMBEDDING_PROVIDER, OPENAI_API_KEY...), when one is at fault. */
  variable?: string;
  cause?: unknown;
}

/**
 * The one error the knowledge store throws, naming the operation and collection so a person
 * can act. Recognised by a marker rather than `instanceof`, so two copies of this package in
 * one process still agree (`KnowledgeError.is(err)`).
 *
 * @example
 * try { await store.upsert("team_votes", points) } catch (err) {
 *   if (KnowledgeError.is(err) && err.isRetryable) msg.nak(5_000); else throw err;
 * }
 */
export class KnowledgeError extends Error {
  override readonly name = "KnowledgeError";
  readonly operation: string;
  readonly collection: string | undefined;
  readonly status: number | undefined;
  readonly isRetryable: boolean;
  readonly variable: string | undefined;
  private readonly [MARKER] = true;

  constructor(message: string, options: KnowledgeErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.operation = options.operation;
    this.collection = options.collection;
    this.status = options.status;
    this.isRetryable = options.isRetryable ?? false;
    this.variable = options.variable;
  }

  static is(error: unknown): error is KnowledgeError {
    return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[MARKER] === true;
  }
}

/** HTTP status of a client error: the fetcher's ApiError carries `status`; others do not. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

/** Qdrant's own explanation (`{ status: { error } }`) beats the bare status text. */
function detailOf(error: unknown): string {
  const data = (error as { data?: { status?: { error?: unknown } } } | null)?.data;
  if (typeof data?.status?.error === "string") return data.status.error;
  if (!(error instanceof Error)) return String(error);
  // undici hides the useful part ("ECONNREFUSED 127.0.0.1:1") in `cause`.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return `${error.message}${cause}`;
}

// Names the client gives a timeout and a 429 with Retry-After; both may pass on a later try.
const RETRYABLE_NAMES = new Set(["QdrantClientTimeoutError", "QdrantClientResourceExhaustedError", "AbortError"]);
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH"]);

/** No answer at all: refused, reset, DNS, timeout. undici throws TypeError("fetch failed"). */
function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (RETRYABLE_NAMES.has(error.name)) return true;
  if (error instanceof TypeError && error.message === "fetch failed") return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && (NETWORK_CODES.has(code) || code.startsWith("UND_ERR_"))) return true;
  return error.cause !== undefined && isConnectionError(error.cause);
}

// 408/429 and 5xx may pass on a later try; a 4xx about our request will not.
function retryable(status: number | undefined, error: unknown): boolean {
  if (status !== undefined) return status === 408 || status === 429 || status >= 500;
  return isConnectionError(error);
}

/** Wraps whatever the Qdrant client threw as a KnowledgeError naming what we were doing. */
export function knowledgeFailure(operation: string, collection: string | undefined, cause: unknown): KnowledgeError {
  if (KnowledgeError.is(cause)) return cause;
  const status = statusOf(cause);
  const where = collection ? ` on collection "${collection}"` : "";
  const code = status === undefined ? "" : ` (HTTP ${status})`;
  return new KnowledgeError(`knowledge ${operation}${where} failed${code}: ${detailOf(cause)}`, {
    operation,
    collection,
    status,
    isRetryable: retryable(status, cause),
    cause,
  });
}

/**
 * An embedding call failed inside a store operation. Keeps the provider's verdict on retrying
 * (ProviderError.isRetryable) and the variable to fix; no HTTP status, which means Qdrant's.
 */
export function embeddingFailure(operation: string, collection: string, cause: unknown): KnowledgeError {
  const e = cause as { isRetryable?: unknown; variable?: unknown } | null;
  return new KnowledgeError(`knowledge ${operation} on collection "${collection}" failed while embedding: ${detailOf(cause)}`, {
    operation,
    collection,
    isRetryable: e?.isRetryable === true,
    variable: typeof e?.variable === "string" ? e.variable : undefined,
    cause,
  });
}
