import type { Embedder, EmbedderSettings } from "./types.ts";

// The public factories, each importing its provider's SDK (openai, @google/genai) when called:
// a team without EMBEDDING_PROVIDER never loads them.

/** @see ./openai.ts */
export const createOpenAIEmbedder = async (settings: EmbedderSettings): Promise<Embedder> =>
  (await import("./openai.ts")).createOpenAIEmbedder(settings);

/** @see ./gemini.ts */
export const createGeminiEmbedder = async (settings: EmbedderSettings): Promise<Embedder> =>
  (await import("./gemini.ts")).createGeminiEmbedder(settings);

/** @see ./ollama.ts */
export const createOllamaEmbedder = async (settings: EmbedderSettings = {}): Promise<Embedder> =>
  (await import("./ollama.ts")).createOllamaEmbedder(settings);
