/**
 * NATS subject matching as the server does it for permissions: `*` is one token, a final `>`
 * one or more. For checking what a derived user may do (tests, diagnostics) without a server.
 *
 * @example
 * allows(natsPermissions("dashboard").subscribe.allow, "system.task.progress"); // true
 */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split(".");
  const s = subject.split(".");
  for (let i = 0; i < p.length; i++) {
    if (p[i] === ">") return s.length > i;
    if (i >= s.length || (p[i] !== "*" && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}

/** Whether any of `patterns` matches `subject`. */
export const allows = (patterns: readonly string[], subject: string): boolean =>
  patterns.some((pattern) => subjectMatches(pattern, subject));
