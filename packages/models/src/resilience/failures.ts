import { ProviderError, type ProviderErrorKind } from "../errors.ts";
import type { ProviderId } from "../adapter.ts";

/** Why one link of a fallback chain did not answer. Never holds a key value, only its variable's name. */
export interface LinkFailure {
  provider: ProviderId;
  model: string;
  kind: ProviderErrorKind;
  message: string;
  /** The variable a person should fix, e.g. OPENAI_API_KEY. */
  variable?: string;
  /** The link was skipped (or stopped retrying) because its circuit is open. */
  breakerOpen?: boolean;
}

/**
 * Thrown when every link of an agent's chain failed. Not retryable: each link already retried
 * what was worth retrying. The message lists each link and what to fix, e.g.
 * "every provider failed for agent qa/tester: openai/gpt-5 auth (check OPENAI_API_KEY); groq/llama timeout".
 */
export class AllProvidersFailedError extends ProviderError {
  override readonly name: string = "AllProvidersFailedError";
  readonly failures: LinkFailure[];

  constructor(agent: string, failures: LinkFailure[]) {
    const first = failures[0];
    const list = failures.map(
      (f) =>
        `${f.provider}/${f.model} ${f.breakerOpen && f.kind === "unknown" ? "circuit open" : f.kind}` +
        `${f.variable ? ` (check ${f.variable})` : ""}`,
    );
    super(`every provider failed for agent ${agent}: ${list.join("; ")}`, {
      provider: first?.provider ?? "simulated",
      model: first?.model ?? "",
      kind: first?.kind ?? "unknown",
      variable: first?.variable,
      isRetryable: false,
    });
    this.failures = failures;
  }
}

/**
 * Turns what a link threw into its failure entry. When retries ended on the breaker opening,
 * the cause worth reporting is the last real failure before it, not the rejection.
 */
export function linkFailure(
  err: unknown,
  link: { provider: ProviderId; model: string; keyVariable?: string },
): LinkFailure {
  // Recognised by shape, not instanceof, like ProviderError itself: copies of the package must agree.
  const wrapped = (err as { errors?: unknown })?.errors;
  const tried = (Array.isArray(wrapped) ? wrapped : [err]).filter((e): e is ProviderError => ProviderError.is(e));
  const isOpen = (e: ProviderError) => (e as { breakerOpen?: boolean }).breakerOpen === true;
  const breakerOpen = tried.some(isOpen);
  const real = [...tried].reverse().find((e) => !isOpen(e));
  const chosen = real ?? tried[tried.length - 1];
  if (!chosen)
    return {
      provider: link.provider,
      model: link.model,
      kind: "unknown",
      message: String((err as Error)?.message ?? err),
    };
  const variable = chosen.variable ?? (chosen.kind === "auth" ? link.keyVariable : undefined);
  return {
    provider: link.provider,
    model: link.model,
    kind: chosen.kind,
    message: chosen.message,
    ...(variable ? { variable } : {}),
    ...(breakerOpen ? { breakerOpen } : {}),
  };
}
