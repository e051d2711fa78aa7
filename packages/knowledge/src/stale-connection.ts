import { retry } from "@flotilla/errors";

/** Codes of a request that died on a kept-alive socket the server had already closed. */
const STALE = new Set(["UND_ERR_SOCKET", "ECONNRESET", "EPIPE"]);

/** Whether `error` (or a cause of it) says the connection was closed under the request. */
export function isStaleConnection(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code: unknown = Reflect.get(error, "code");
  if ((typeof code === "string" && STALE.has(code)) || /other side closed/i.test(error.message)) return true;
  return isStaleConnection(error.cause);
}

/**
 * Runs a Qdrant request, once more at once when the kept-alive connection it went out on had been
 * closed by the server meanwhile (it idles connections out): the request never reached Qdrant,
 * and every request of the store is idempotent (reads; upserts and deletes by id or filter), so
 * sending it again on a fresh connection is safe. Any other failure, or a second one, is thrown as is.
 */
export async function onFreshConnection<T>(request: () => Promise<T>): Promise<T> {
  const { value } = await retry(request, {
    maxRetries: 1,
    baseMs: 0,
    jitter: false,
    retryable: (error): error is unknown => isStaleConnection(error),
    giveUp: (errors) => errors.at(-1),
  });
  return value;
}
