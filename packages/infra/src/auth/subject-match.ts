import { subjectMatches } from "@flotilla/contracts";

/**
 * Whether any of `patterns` matches `subject` as NATS permissions do (`*` one token, a final `>`
 * one or more): for checking what a derived user may do (tests, diagnostics) without a server.
 *
 * @example
 * allows(natsPermissions("dashboard").subscribe.allow, "system.task.progress"); // true
 */
export const allows = (patterns: readonly string[], subject: string): boolean =>
  patterns.some((pattern) => subjectMatches(pattern, subject));
