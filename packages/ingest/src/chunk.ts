import { createHash } from "node:crypto";

export type ChunkKind = "markdown" | "json";

/** One searchable piece of a file, before it knows which collection it goes to. */
export interface Chunk {
  kind: ChunkKind;
  /** File path relative to the ingest root, with forward slashes. */
  source: string;
  /** Headings above the chunk (markdown) or the key paths it was read from (JSON). */
  heading_path: string[];
  /** Index of the chunk in its file. */
  position: number;
  /** sha256 of `text`. */
  content_hash: string;
  /** What BM25 indexes: heading path + body, so headings are searchable too. */
  text: string;
  /** Further payload fields (JSON: `fields`, and `record` on the first chunk). */
  extra?: Record<string, unknown>;
}

export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Numbers the pieces of one file in order and hashes their text. */
export function toChunks(
  kind: ChunkKind,
  source: string,
  pieces: Array<{ heading_path: string[]; text: string; extra?: Record<string, unknown> }>,
): Chunk[] {
  return pieces.map((p, position) => ({ kind, source, position, content_hash: sha256(p.text), ...p }));
}
