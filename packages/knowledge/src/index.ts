export { createKnowledgeStore, type KnowledgeStoreOptions } from "./store.ts";
export { createQdrantClient, type QdrantClientOptions } from "./client.ts";
export type { QdrantApi } from "./qdrant-rest.ts";
export type {
  KnowledgeStore,
  KnowledgePoint,
  KnowledgeRecord,
  KnowledgeHit,
  SearchOptions,
  SearchMode,
} from "./types.ts";
export type { PayloadFilter } from "./filter.ts";
export type { KnowledgeMeter, KnowledgeOp } from "./meter.ts";
export { wellFormedJson, MAX_PAYLOAD_DEPTH } from "./well-formed.ts";
export { KnowledgeError, knowledgeFailure, type KnowledgeErrorOptions } from "./errors.ts";
export { SPARSE_VECTOR, DENSE_VECTOR, BM25_MODEL, KEYWORD_INDEXES, DENSE_MODEL_KEY } from "./schema.ts";
export type { Embedder, EmbedderSettings } from "./embedders/types.ts";
export { createOpenAIEmbedder, createGeminiEmbedder, createOllamaEmbedder } from "./embedders/load.ts";
export {
  OPENAI_EMBEDDING_MODEL,
  GEMINI_EMBEDDING_MODEL,
  OLLAMA_EMBEDDING_MODEL,
  OLLAMA_DEFAULT_BASE_URL,
} from "./embedders/defaults.ts";
export {
  embedderFromEnv,
  embeddingChoiceFromEnv,
  EMBEDDING_PROVIDERS,
  type EmbeddingChoice,
  type EmbeddingProviderSetting,
} from "./embedders/env.ts";
export type { EmbeddingProviderId } from "./embedders/errors.ts";
