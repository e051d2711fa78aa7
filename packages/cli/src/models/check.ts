import { z } from "zod";
import {
  createAdapter,
  generateStructured,
  PROVIDERS,
  ProviderError,
  type ConfiguredProvider,
  type ProviderId,
} from "@flotilla/models";

const Ok = z.object({ ok: z.boolean() });

/** One call to make: a provider's model with one of its keys (or none, for local servers). */
export interface CheckTarget {
  provider: ProviderId;
  model: string;
  /** The key's variable, or what it is when it has none. */
  label: string;
  configured?: ConfiguredProvider;
}

export type CheckResult = CheckTarget & ({ ok: true; ms: number } | { ok: false; kind: string; message: string });

/**
 * One target per key of every configured provider (keys are used in turn, so each must work),
 * with its default model unless `models` names another; a `--model` for a provider that is not
 * configured becomes a target that fails saying what to set.
 */
export function checkTargets(
  providers: Map<ProviderId, ConfiguredProvider>,
  models: Array<{ provider: ProviderId; model: string }>,
): CheckTarget[] {
  const chosen = new Map<ProviderId, string>();
  for (const m of models) chosen.set(m.provider, m.model);
  const targets: CheckTarget[] = [];
  for (const c of providers.values()) {
    const model = chosen.get(c.spec.id) ?? c.spec.defaultModel;
    if (c.keys.length === 0) targets.push({ provider: c.spec.id, model, label: "keyless local", configured: c });
    c.keys.forEach((key, i) =>
      targets.push({
        provider: c.spec.id,
        model,
        label: c.keyVariables[i]!,
        configured: { ...c, keys: [key], keyVariables: [c.keyVariables[i]!] },
      }),
    );
  }
  for (const [provider, model] of chosen) {
    if (!providers.has(provider)) targets.push({ provider, model, label: "not configured" });
  }
  return targets;
}

/** A minimal structured call through the adapter and the structured-output path; never throws. */
export async function checkTarget(target: CheckTarget, timeoutMs = 20_000): Promise<CheckResult> {
  const spec = PROVIDERS[target.provider];
  if (!target.configured) {
    return {
      ...target,
      ok: false,
      kind: "not_configured",
      message: `not configured — set ${spec.keyVariable ?? spec.baseUrlVariable}`,
    };
  }
  try {
    const adapter = createAdapter(target.configured, target.model);
    await adapter.ready?.(); // importing the provider's SDK is not its latency
    const started = performance.now();
    await generateStructured(adapter, {
      system: "You are a connectivity check. Answer with JSON only.",
      prompt: 'Reply with exactly {"ok": true}.',
      schema: Ok,
      schemaName: "ConnectivityCheck",
      maxReasks: 1,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { ...target, ok: true, ms: Math.round(performance.now() - started) };
  } catch (err) {
    if (ProviderError.is(err)) return { ...target, ok: false, kind: err.kind, message: err.message };
    return { ...target, ok: false, kind: "unknown", message: err instanceof Error ? err.message : String(err) };
  }
}
