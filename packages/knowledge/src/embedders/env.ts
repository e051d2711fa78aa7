import { configuredProviders } from "@flotilla/models";
import type { Logger } from "@flotilla/log";
import { KnowledgeError } from "../errors.ts";
import type { EmbeddingProviderId } from "./errors.ts";
import { createGeminiEmbedder, createOllamaEmbedder, createOpenAIEmbedder } from "./load.ts";
import type { Embedder, EmbedderSettings } from "./types.ts";

/** Values of EMBEDDING_PROVIDER; `auto` = the first configured of openai, google, ollama. */
export const EMBEDDING_PROVIDERS = ["none", "auto", "openai", "google", "ollama"] as const;
export type EmbeddingProviderSetting = (typeof EMBEDDING_PROVIDERS)[number];

const AUTO_ORDER: EmbeddingProviderId[] = ["openai", "google", "ollama"];
/** Qdrant's largest dense vector. */
const MAX_DIMENSIONS = 65_536;

export interface EmbeddingChoice {
  provider: EmbeddingProviderId;
  settings: EmbedderSettings;
}

function configError(variable: string, message: string): KnowledgeError {
  return new KnowledgeError(message, { operation: "configure embeddings", variable });
}

function readProvider(env: NodeJS.ProcessEnv): EmbeddingProviderSetting {
  const raw = (env.EMBEDDING_PROVIDER ?? "").trim().toLowerCase() || "none";
  if (!(EMBEDDING_PROVIDERS as readonly string[]).includes(raw)) {
    throw configError(
      "EMBEDDING_PROVIDER",
      `EMBEDDING_PROVIDER must be one of ${EMBEDDING_PROVIDERS.join(", ")}; got "${env.EMBEDDING_PROVIDER}"`,
    );
  }
  return raw as EmbeddingProviderSetting;
}

function readDimensions(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.EMBEDDING_DIMENSIONS?.trim();
  if (!raw) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > MAX_DIMENSIONS) {
    throw configError(
      "EMBEDDING_DIMENSIONS",
      `EMBEDDING_DIMENSIONS must be a whole number from 1 to ${MAX_DIMENSIONS}; got "${raw}"`,
    );
  }
  return n;
}

/**
 * Which provider and settings EMBEDDING_PROVIDER / EMBEDDING_MODEL / EMBEDDING_DIMENSIONS ask
 * for, with keys and base URLs from the provider variables (OPENAI_API_KEY, OPENAI_BASE_URL,
 * GOOGLE_API_KEY, GOOGLE_GEMINI_BASE_URL, OLLAMA_BASE_URL). Undefined for `none`, and for
 * `auto` when nothing is configured. No I/O; an invalid value throws a KnowledgeError whose
 * `variable` names what to fix.
 */
export function embeddingChoiceFromEnv(env: NodeJS.ProcessEnv): EmbeddingChoice | undefined {
  const wanted = readProvider(env);
  const dimensions = readDimensions(env);
  const model = env.EMBEDDING_MODEL?.trim() || undefined;
  if (wanted === "none") return undefined;
  const configured = configuredProviders(env);
  const provider = wanted === "auto" ? AUTO_ORDER.find((p) => configured.has(p)) : wanted;
  if (!provider) return undefined;
  const found = configured.get(provider);
  if (provider !== "ollama" && !found) {
    const variable = provider === "openai" ? "OPENAI_API_KEY" : "GOOGLE_API_KEY";
    throw configError(variable, `EMBEDDING_PROVIDER=${provider} needs ${variable}`);
  }
  return {
    provider,
    settings: {
      model,
      dimensions,
      apiKey: found?.keys[0],
      keyVariable: found?.keyVariables[0],
      baseURL: found?.baseURL,
    },
  };
}

const FACTORIES: Record<EmbeddingProviderId, (settings: EmbedderSettings) => Promise<Embedder>> = {
  openai: createOpenAIEmbedder,
  google: createGeminiEmbedder,
  ollama: createOllamaEmbedder,
};

/**
 * The embedder the environment asks for, or undefined (sparse BM25 only). Ollama without
 * EMBEDDING_DIMENSIONS embeds one probe string here to learn its size.
 *
 * @example
 * const embedder = await embedderFromEnv(process.env, { logger });
 * const store = createKnowledgeStore({ url: config.QDRANT_URL, logger, embedder });
 */
export async function embedderFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  opts: { logger?: Logger; settings?: Partial<EmbedderSettings> } = {},
): Promise<Embedder | undefined> {
  const choice = embeddingChoiceFromEnv(env);
  if (!choice) {
    opts.logger?.info("no embedding provider: knowledge search is BM25 only");
    return undefined;
  }
  const embedder = await FACTORIES[choice.provider]({ ...choice.settings, ...opts.settings });
  opts.logger?.info(
    { provider: embedder.provider, model: embedder.model, dimensions: embedder.dimensions },
    "dense embeddings for knowledge search",
  );
  return embedder;
}
