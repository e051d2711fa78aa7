/**
 * The requests a knowledge store makes, as a meter hears of them (`KnowledgeStoreOptions.meter`):
 * which operation, on which collection, how many points it wrote or read. The bench counts a
 * task's I/O with it; the store works the same without one.
 * `list` is one scroll request (a listing of many pages is several).
 */
export type KnowledgeOp = "upsert" | "search" | "list" | "count" | "retrieve" | "delete";

/** Called synchronously as each request starts, in the caller's async context. */
export type KnowledgeMeter = (op: KnowledgeOp, collection: string, points?: number) => void;
