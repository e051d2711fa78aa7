export { chunkMarkdown } from "./markdown.ts";
export { chunkJson, MalformedJsonError } from "./json-doc.ts";
export type { Chunk, ChunkKind } from "./chunk.ts";
export { MAX_CHUNK_CHARS } from "./split.ts";
export {
  createRouter,
  loadRules,
  parseRules,
  DEFAULT_RULES,
  RULES_ENV,
  IngestRulesError,
  type IngestRule,
  type Route,
  type Router,
} from "./rules.ts";
export { ingestPaths } from "./ingest.ts";
export { removeSource } from "./remove.ts";
export type { IngestOptions } from "./context.ts";
export type { FileReport, FileStatus, IngestResult, IngestTotals } from "./report.ts";
export { readDocument, FileReadError, DEFAULT_MAX_FILE_BYTES } from "./read.ts";
export { watchPaths, type WatchOptions, type WatchEvent, type Watcher } from "./watch.ts";
export {
  createIngestStore,
  type IngestStore,
  type IngestStoreOptions,
  type PointWrites,
  type ExactFilter,
} from "./store.ts";
export { rootFor } from "./root.ts";
export { outsideOf } from "./links.ts";
