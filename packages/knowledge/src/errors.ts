import {
  FlotillaError,
  hasMarker,
  isConnectionError,
  isRetryableStatus,
  messageWithCause,
  statusOf,
} from "@flotilla/errors";

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
 * one process still agree (`KnowledgeError.is(err)`; `FlotillaError.is(err)` too).
 *
 * @example
 * try { await store.upsert("team_votes", points) } catch (err) {
 *   if (KnowledgeError.is(err) && err.isRetryable) msg.nak(5_000); else throw err;
 * }
 */
export class KnowledgeError extends FlotillaError {
  override readonly name = "KnowledgeError";
  readonly operation: string;
  readonly collection: string | undefined;
  readonly status: number | undefined;
  readonly variable: string | undefined;
  private readonly [MARKER] = true;

  constructor(message: string, options: KnowledgeErrorOptions) {
    const { operation, collection, status, variable } = options;
    super(message, {
      isRetryable: options.isRetryable,
      cause: options.cause,
      context: { operation, collection, status, variable },
    });
    this.operation = operation;
    this.collection = collection;
    this.status = status;
    this.variable = variable;
  }

  static override is(error: unknown): error is KnowledgeError {
    return hasMarker(error, MARKER);
  }
}

/** Qdrant's own explanation (`{ status: { error } }`) beats the bare status text. */
function detailOf(error: unknown): string {
  const data = (error as { data?: { status?: { error?: unknown } } } | null)?.data;
  return typeof data?.status?.error === "string" ? data.status.error : messageWithCause(error);
}

// Names the Qdrant client gives a timeout and a 429 with Retry-After; both may pass on a later try.
const RETRYABLE_NAMES = new Set(["QdrantClientTimeoutError", "QdrantClientResourceExhaustedError", "AbortError"]);

// 408/429 and 5xx may pass on a later try; a 4xx about our request will not.
function retryable(status: number | undefined, error: unknown): boolean {
  if (status !== undefined) return isRetryableStatus(status);
  return (error instanceof Error && RETRYABLE_NAMES.has(error.name)) || isConnectionError(error);
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
  return new KnowledgeError(
    `knowledge ${operation} on collection "${collection}" failed while embedding: ${detailOf(cause)}`,
    {
      operation,
      collection,
      isRetryable: e?.isRetryable === true,
      variable: typeof e?.variable === "string" ? e.variable : undefined,
      cause,
    },
  );
}
