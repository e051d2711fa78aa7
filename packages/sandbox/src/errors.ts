import { FlotillaError } from "@flotilla/errors";

/**
 * No sandbox to run generated code in (bwrap missing, its probe failed, or FLOTILLA_SANDBOX=none).
 * Nothing was executed; whoever asked must record the result as `unverified`, never `pass`.
 *
 * @example
 * try {
 *   run = await runSandboxed(request);
 * } catch (err) {
 *   if (FlotillaError.is(err) && err.name === "SandboxUnavailableError") verdict = "unverified";
 *   else throw err;
 * }
 */
export class SandboxUnavailableError extends FlotillaError {
  override readonly name = "SandboxUnavailableError";
  constructor(readonly reason: string) {
    super(
      `generated code is never executed outside a sandbox, and no sandbox is available: ${reason}. ` +
        "Nothing was run; the result must be reported as unverified.",
      { isRetryable: false, context: { reason, verdict: "unverified" } },
    );
  }
}
