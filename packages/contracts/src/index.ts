export * from "./common.ts";
export { Envelope, Sender, message } from "./envelope.ts";
export { envelope, type EnvelopeInput } from "./envelope-build.ts";
export * from "./messages/index.ts";
export { Ballot, Rating } from "./work/ballot.ts";
export { ChangeSet, FileChange, FileDelete, FilePatch, FileWrite } from "./work/change-set.ts";
export * from "./work/outputs.ts";
export * from "./work/runs.ts";
export * from "./work/quality.ts";
export * from "./ledger.ts";
export {
  SUBJECTS,
  STREAMS,
  DURABLES,
  durableName,
  prioritySubject,
  subjects,
  catalogueEntry,
  subjectMatches,
  type SubjectEntry,
  type StreamName,
  type Subject,
  type WorkSubject,
  type MessageOf,
  type MessageInput,
  type MessageNameOf,
} from "./subjects.ts";
export { decode, validateOutgoing, knownVersions, CURRENT_VERSION, MAX_JSON_DEPTH, type Decoded } from "./versions.ts";
export { ids, stableId, outcomeRef, FLOTILLA_NAMESPACE, type StepCoordinates } from "./ids.ts";
export {
  KV_BUCKETS,
  QDRANT_COLLECTIONS,
  QDRANT_COLLECTIONS_DEFAULT,
  REQUIRED_COLLECTIONS,
  KNOWLEDGE_COLLECTIONS,
  INGESTED_COLLECTIONS,
  INGEST_RULES_DEFAULT,
  retrievedCollections,
  type CollectionName,
  type CollectionSpec,
  type IngestSpec,
} from "./storage.ts";
export { messageJsonSchema, allJsonSchemas } from "./json-schema.ts";
export {
  MAX,
  ITEMS,
  TASK_LIMITS,
  TASK_TEXT_MAX,
  PLAN_PACKETS_MAX,
  DLQ_INLINE_MAX,
  DLQ_EXCERPT_MAX,
  JSON_RECORD_MAX,
  boundedRecord,
  jsonRecord,
} from "./limits.ts";
export { renderOutcome } from "./outcome-text.ts";
export { cutText, tailText, clipText, wellFormedText } from "./text.ts";
