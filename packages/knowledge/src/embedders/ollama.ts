import { OLLAMA_DEFAULT_BASE_URL, OLLAMA_EMBEDDING_MODEL } from "./defaults.ts";
import type { EmbedContext } from "./errors.ts";
import { openAIWireEmbedder } from "./openai.ts";
import type { Embedder, EmbedderSettings } from "./types.ts";

/** OLLAMA_BASE_URL is documented with `/v1`; the bare server address is accepted too. */
function withV1(url: string): string {
  const trimmed = url.replace(/\/+$/, "");
  return new URL(trimmed).pathname === "/" ? `${trimmed}/v1` : trimmed;
}

/**
 * Ollama embeddings (`nomic-embed-text` by default) through its OpenAI-compatible
 * `/v1/embeddings`, on the `openai` SDK. Local models differ in size, so unless `dimensions`
 * is given the size is learned by embedding one probe string at creation — which also fails
 * early, naming OLLAMA_BASE_URL, when the server is not there or lacks the model.
 *
 * @example
 * const embedder = await createOllamaEmbedder({ baseURL: process.env.OLLAMA_BASE_URL });
 */
export function createOllamaEmbedder(settings: EmbedderSettings = {}): Promise<Embedder> {
  const model = settings.model ?? OLLAMA_EMBEDDING_MODEL;
  const ctx: EmbedContext = { provider: "ollama", model, baseUrlVariable: "OLLAMA_BASE_URL" };
  return openAIWireEmbedder(settings, {
    ctx,
    // Ollama takes no key; the SDK insists on one.
    apiKey: settings.apiKey || "ollama",
    baseURL: withV1(settings.baseURL ?? OLLAMA_DEFAULT_BASE_URL),
    batchSize: settings.batchSize ?? 64,
    dimensions: settings.dimensions,
    floats: true,
  });
}
