// The one backoff lives in @flotilla/errors; these names stay for the bus's own modules.
export { backoffDelay, sleep, type BackoffOptions } from "@flotilla/errors";
