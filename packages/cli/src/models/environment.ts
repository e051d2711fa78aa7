import { loadConfig } from "@flotilla/config";
import { createModelEnvironment, PROVIDERS, type ConfiguredProvider, type ProviderId } from "@flotilla/models";

/** What a configured provider is called in output: its key variables (never values) or how it was found. */
export interface ProviderView {
  provider: ProviderId;
  keys: number;
  keyVariables: string[];
  /** Keyless local servers: the base-URL variable that configures it, or "detected on 127.0.0.1:11434". */
  keylessVia?: string;
}

export interface ProviderEnvironment {
  simulated: boolean;
  /** Why the fleet runs as it does, as the team processes log it. */
  reason: string;
  providers: Map<ProviderId, ConfiguredProvider>;
}

/**
 * The providers a team process would see with this environment, decided by the same code
 * (`createModelEnvironment`: keys, base URLs, Ollama probed on its default port when
 * OLLAMA_BASE_URL is unset and the mode is auto).
 */
export async function providerEnvironment(
  env: NodeJS.ProcessEnv,
  mode = loadConfig(env).FLOTILLA_PROVIDER,
): Promise<ProviderEnvironment> {
  const menv = await createModelEnvironment(env, { mode });
  return { simulated: menv.simulated, reason: menv.reason, providers: menv.providers };
}

export function providerView(c: ConfiguredProvider): ProviderView {
  const keylessVia = c.spec.keyless ? (c.baseURL ? c.spec.baseUrlVariable : "detected on 127.0.0.1:11434") : undefined;
  return {
    provider: c.spec.id,
    keys: c.keys.length,
    keyVariables: [...c.keyVariables],
    ...(keylessVia ? { keylessVia } : {}),
  };
}

/** `openai (2 keys: OPENAI_API_KEY, OPENAI_API_KEY_WORK)` or `ollama (keyless local, OLLAMA_BASE_URL)`. */
export function describeProvider(p: ProviderView): string {
  if (p.keylessVia) return `${p.provider} (keyless local, ${p.keylessVia})`;
  return `${p.provider} (${p.keys} key${p.keys === 1 ? "" : "s"}: ${p.keyVariables.join(", ")})`;
}

/** `provider/model` → its parts, for `--model`; the provider must be one Flotilla knows. */
export function parseModelRef(text: string): { provider: ProviderId; model: string } {
  const i = text.indexOf("/");
  const provider = text.slice(0, Math.max(i, 0)).trim();
  const model = text.slice(i + 1).trim();
  if (i <= 0 || !model || !(provider in PROVIDERS)) {
    throw new Error(
      `--model "${text}": expected provider/model with provider one of ${Object.keys(PROVIDERS).join(", ")}`,
    );
  }
  return { provider: provider as ProviderId, model };
}
