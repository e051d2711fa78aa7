import type { ProviderId } from "../adapter.ts";

export interface ProviderSpec {
  id: ProviderId;
  /** Variable holding the key; `<KEY>_<SUFFIX>` variants are extra keys used in turn. Absent for keyless local servers. */
  keyVariable?: string;
  baseUrlVariable: string;
  /** Model used when the provider joins a chain as a catch-all fallback, and by `models check`. */
  defaultModel: string;
  /**
   * Other models of the provider a catch-all link may use, so that with one provider configured
   * the agents of a team still vote on different models (agent i takes the (i mod n)-th).
   */
  alternates?: string[];
  /** Local servers without keys: configured only when their base URL is set (Ollama: or answers on its default port). */
  keyless?: boolean;
}

/** Every provider Flotilla can call, with the variables that configure it (.bashrc.d.agents.example). */
export const PROVIDERS: Record<ProviderId, ProviderSpec> = {
  openai: {
    id: "openai",
    keyVariable: "OPENAI_API_KEY",
    baseUrlVariable: "OPENAI_BASE_URL",
    defaultModel: "gpt-5-mini",
    alternates: ["gpt-5", "gpt-4.1"],
  },
  anthropic: {
    id: "anthropic",
    keyVariable: "ANTHROPIC_API_KEY",
    baseUrlVariable: "ANTHROPIC_BASE_URL",
    defaultModel: "claude-sonnet-4-6",
    alternates: ["claude-haiku-4-5", "claude-opus-4-1"],
  },
  google: {
    id: "google",
    keyVariable: "GOOGLE_API_KEY",
    baseUrlVariable: "GOOGLE_GEMINI_BASE_URL",
    defaultModel: "gemini-2.5-flash",
    alternates: ["gemini-2.5-pro"],
  },
  groq: {
    id: "groq",
    keyVariable: "GROQ_API_KEY",
    baseUrlVariable: "GROQ_BASE_URL",
    defaultModel: "llama-3.3-70b-versatile",
    alternates: ["openai/gpt-oss-120b", "qwen/qwen3-32b"],
  },
  cerebras: {
    id: "cerebras",
    keyVariable: "CEREBRAS_API_KEY",
    baseUrlVariable: "CEREBRAS_BASE_URL",
    defaultModel: "qwen-3-coder-480b",
    alternates: ["gpt-oss-120b", "llama-3.3-70b"],
  },
  qwen: {
    id: "qwen",
    keyVariable: "QWEN_API_KEY",
    baseUrlVariable: "QWEN_BASE_URL",
    defaultModel: "qwen-max",
    alternates: ["qwen-plus", "qwen3-coder-plus"],
  },
  openrouter: {
    id: "openrouter",
    keyVariable: "OPENROUTER_API_KEY",
    baseUrlVariable: "OPENROUTER_BASE_URL",
    defaultModel: "openrouter/auto",
  },
  ollama: { id: "ollama", baseUrlVariable: "OLLAMA_BASE_URL", defaultModel: "llama3.1", keyless: true },
  vllm: { id: "vllm", baseUrlVariable: "VLLM_BASE_URL", defaultModel: "default", keyless: true },
  lmstudio: { id: "lmstudio", baseUrlVariable: "LMSTUDIO_BASE_URL", defaultModel: "default", keyless: true },
};

export const PROVIDER_IDS = Object.keys(PROVIDERS) as ProviderId[];

export function isProviderId(v: string): v is ProviderId {
  return v in PROVIDERS;
}

export interface ConfiguredProvider {
  spec: ProviderSpec;
  /** Names of the variables holding its keys, in the order they are used (values stay in `keys`). */
  keyVariables: string[];
  keys: string[];
  baseURL?: string;
}

/**
 * Providers that can be called with this environment: every key variable (`X_API_KEY` and
 * `X_API_KEY_<NAME>`, e.g. CEREBRAS_API_KEY_PERSONAL) that is set, and keyless servers whose
 * base URL is set (or, for Ollama, that `ollamaDetected` says answer on the default port).
 */
export function configuredProviders(
  env: NodeJS.ProcessEnv,
  opts: { ollamaDetected?: boolean } = {},
): Map<ProviderId, ConfiguredProvider> {
  const out = new Map<ProviderId, ConfiguredProvider>();
  for (const spec of Object.values(PROVIDERS)) {
    const baseURL = env[spec.baseUrlVariable] || undefined;
    if (spec.keyless) {
      if (baseURL || (spec.id === "ollama" && opts.ollamaDetected))
        out.set(spec.id, { spec, keyVariables: [], keys: [], baseURL });
      continue;
    }
    const names = Object.keys(env)
      .filter((k) => (k === spec.keyVariable || k.startsWith(`${spec.keyVariable}_`)) && env[k])
      .sort();
    if (names.length) out.set(spec.id, { spec, keyVariables: names, keys: names.map((n) => env[n]!), baseURL });
  }
  return out;
}

/**
 * Whether Ollama answers on its default local port, so it can be used with no key and no variable.
 * Asked with `node:http`, not `fetch`: every team asks at start, and a first `fetch` loads Node's
 * second HTTP client (undici, its parser compiled from WebAssembly) for good, ~10 MB in a team that
 * otherwise never uses it.
 */
export async function detectOllama(url = "http://127.0.0.1:11434", timeoutMs = 300): Promise<boolean> {
  const { get } = url.startsWith("https:") ? await import("node:https") : await import("node:http");
  return new Promise((resolve) => {
    const request = get(`${url}/api/tags`, { signal: AbortSignal.timeout(timeoutMs) }, (res) => {
      res.resume();
      resolve(res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300);
    });
    request.once("error", () => resolve(false));
  });
}
