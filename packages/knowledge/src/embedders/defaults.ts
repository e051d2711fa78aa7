// The embedders' defaults, apart from the SDKs that use them: reading one must not load an SDK.
export const OPENAI_EMBEDDING_MODEL = "text-embedding-3-small";
export const GEMINI_EMBEDDING_MODEL = "gemini-embedding-001";
export const OLLAMA_EMBEDDING_MODEL = "nomic-embed-text";
export const OLLAMA_DEFAULT_BASE_URL = "http://127.0.0.1:11434/v1";
