import { GoogleGenAI } from "@google/genai";
import { ProviderError } from "@flotilla/models";
import { GEMINI_EMBEDDING_MODEL } from "./defaults.ts";
import type { EmbedContext } from "./errors.ts";
import { buildEmbedder, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from "./shared.ts";
import type { Embedder, EmbedderSettings } from "./types.ts";

/** Native sizes of Gemini's embedding models; others are learned from a probe. */
const GEMINI_DIMENSIONS: Record<string, number> = {
  "gemini-embedding-001": 3072,
  "text-embedding-004": 768,
};

/**
 * Gemini embeddings (`gemini-embedding-001`, 3072 dimensions, by default) on `@google/genai`
 * (`models.embedContent`, which sends a list as one batchEmbedContents request of at most 100).
 * `dimensions` is sent as `outputDimensionality` (768 and 1536 are the recommended cuts).
 *
 * @example
 * const embedder = await createGeminiEmbedder({ apiKey: process.env.GOOGLE_API_KEY, dimensions: 768 });
 */
export async function createGeminiEmbedder(settings: EmbedderSettings): Promise<Embedder> {
  const model = settings.model ?? GEMINI_EMBEDDING_MODEL;
  const keyVariable = settings.keyVariable ?? "GOOGLE_API_KEY";
  const ctx: EmbedContext = {
    provider: "google",
    model,
    keyVariable,
    baseUrlVariable: "GOOGLE_GEMINI_BASE_URL",
    apiKey: settings.apiKey,
  };
  if (!settings.apiKey) {
    throw new ProviderError(`google/${model}: no API key for embeddings — set ${keyVariable}`, {
      provider: "google",
      model,
      kind: "auth",
      variable: keyVariable,
    });
  }
  // Backend and API version pinned so GOOGLE_GENAI_USE_VERTEXAI / GOOGLE_GENAI_API_VERSION
  // cannot move the client elsewhere.
  const client = new GoogleGenAI({
    apiKey: settings.apiKey,
    vertexai: false,
    apiVersion: "v1beta",
    httpOptions: {
      baseUrl: settings.baseURL,
      fetch: settings.fetch,
      timeout: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      retryOptions: { attempts: 1 + (settings.maxRetries ?? DEFAULT_MAX_RETRIES) },
    },
  });
  const dimensions = settings.dimensions ?? GEMINI_DIMENSIONS[model];
  return buildEmbedder(
    ctx,
    { dimensions, batchSize: Math.min(settings.batchSize ?? 100, 100) },
    async (batch, signal) => {
      const res = await client.models.embedContent({
        model,
        contents: batch,
        config: {
          ...(settings.dimensions !== undefined ? { outputDimensionality: settings.dimensions } : {}),
          abortSignal: signal,
        },
      });
      return (res.embeddings ?? []).map((e) => e.values ?? []);
    },
  );
}
