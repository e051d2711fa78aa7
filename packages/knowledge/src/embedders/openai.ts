import OpenAI from "openai";
import { stderrLogger } from "@flotilla/log";
import { ProviderError } from "@flotilla/models";
import { OPENAI_EMBEDDING_MODEL } from "./defaults.ts";
import type { EmbedContext } from "./errors.ts";
import { buildEmbedder, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from "./shared.ts";
import type { Embedder, EmbedderSettings } from "./types.ts";

/** Native sizes of OpenAI's embedding models; others are learned from a probe. */
const OPENAI_DIMENSIONS: Record<string, number> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
};

/** How one OpenAI-protocol server is reached; shared by OpenAI and Ollama. */
export interface OpenAIWireOptions {
  ctx: EmbedContext;
  baseURL: string;
  apiKey: string;
  batchSize: number;
  dimensions?: number;
  /** Ask for floats: not every compatible server speaks the SDK's default base64. */
  floats?: boolean;
}

/** An embedder on the `openai` SDK's `embeddings.create`, for any server speaking that protocol. */
export function openAIWireEmbedder(settings: EmbedderSettings, wire: OpenAIWireOptions): Promise<Embedder> {
  const client = new OpenAI({
    apiKey: wire.apiKey,
    baseURL: wire.baseURL,
    // Settings only: the SDK's own environment fallbacks must not send OpenAI's headers elsewhere.
    organization: null,
    project: null,
    maxRetries: settings.maxRetries ?? DEFAULT_MAX_RETRIES,
    timeout: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    fetch: settings.fetch,
    logger: stderrLogger,
  });
  const { model } = wire.ctx;
  return buildEmbedder(wire.ctx, { dimensions: wire.dimensions, batchSize: wire.batchSize }, async (batch, signal) => {
    const res = await client.embeddings.create(
      {
        model,
        input: batch,
        // Only when asked for: older models and most local servers refuse or ignore it.
        ...(settings.dimensions !== undefined ? { dimensions: settings.dimensions } : {}),
        ...(wire.floats ? { encoding_format: "float" as const } : {}),
      },
      { signal },
    );
    return [...res.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
  });
}

/**
 * OpenAI embeddings (`text-embedding-3-small`, 1536 dimensions, by default) on the official SDK.
 * `dimensions` shortens text-embedding-3 vectors on the server.
 *
 * @example
 * const embedder = await createOpenAIEmbedder({ apiKey: process.env.OPENAI_API_KEY, dimensions: 512 });
 * const [vector] = await embedder.embed(["how do we version the API?"]);
 */
export async function createOpenAIEmbedder(settings: EmbedderSettings): Promise<Embedder> {
  const model = settings.model ?? OPENAI_EMBEDDING_MODEL;
  const keyVariable = settings.keyVariable ?? "OPENAI_API_KEY";
  const ctx: EmbedContext = {
    provider: "openai",
    model,
    keyVariable,
    baseUrlVariable: "OPENAI_BASE_URL",
    apiKey: settings.apiKey,
  };
  if (!settings.apiKey) {
    throw new ProviderError(`openai/${model}: no API key for embeddings — set ${keyVariable}`, {
      provider: "openai",
      model,
      kind: "auth",
      variable: keyVariable,
    });
  }
  return openAIWireEmbedder(settings, {
    ctx,
    apiKey: settings.apiKey,
    baseURL: settings.baseURL ?? "https://api.openai.com/v1",
    batchSize: settings.batchSize ?? 256,
    dimensions: settings.dimensions ?? OPENAI_DIMENSIONS[model],
  });
}
