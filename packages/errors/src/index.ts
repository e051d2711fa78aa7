export { FlotillaError, hasMarker, isAbortError, isRetryable, type FlotillaErrorOptions } from "./flotilla-error.ts";
export { backoffDelay, sleep, type BackoffOptions } from "./backoff.ts";
export { retry, RetryError, type RetryOptions } from "./retry.ts";
export {
  isConnectionError,
  isRetryableKind,
  isRetryableStatus,
  kindOfStatus,
  messageWithCause,
  parseRetryAfter,
  statusOf,
  type FailureKind,
} from "./http.ts";
