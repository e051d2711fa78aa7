export { createKnowledgeStore, type KnowledgeStoreOptions } from "./store.ts";
export type { KnowledgeStore, KnowledgePoint, KnowledgeRecord, KnowledgeHit, SearchOptions } from "./types.ts";
export type { PayloadFilter } from "./filter.ts";
export { KnowledgeError, type KnowledgeErrorOptions } from "./errors.ts";
export { SPARSE_VECTOR, BM25_MODEL, KEYWORD_INDEXES } from "./schema.ts";
