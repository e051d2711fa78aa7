import { readFile, stat } from "node:fs/promises";
import { FlotillaError } from "@flotilla/errors";
import { sha256 } from "./chunk.ts";

/** Files above this are refused unread: 10 MiB. */
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

/** How many leading bytes are checked for NUL, as git does to call a file binary. */
const BINARY_SNIFF_BYTES = 8 * 1024;

/** Why one file could not be ingested; the message is what its FileReport shows. */
export class FileReadError extends FlotillaError {
  override readonly name = "FileReadError";
}

export interface ReadDocument {
  text: string;
  /** sha256 of the file's bytes. */
  file_hash: string;
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

function gone(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ENOENT" || code === "EISDIR" || code === "ENOTDIR";
}

/** Reads a text file, refusing binary and oversized files; the size is checked before reading. */
export async function readDocument(path: string, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<ReadDocument> {
  let bytes: Buffer;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new FileReadError("disappeared while reading (no longer a regular file)");
    if (info.size > maxBytes) throw new FileReadError(`too large (${mb(info.size)} > ${mb(maxBytes)} limit)`);
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof FileReadError) throw error;
    if (gone(error)) throw new FileReadError("disappeared while reading");
    throw new FileReadError(`cannot read: ${(error as Error).message}`);
  }
  // It may have grown between stat and read.
  if (bytes.length > maxBytes) throw new FileReadError(`too large (${mb(bytes.length)} > ${mb(maxBytes)} limit)`);
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) throw new FileReadError("binary file");
  return { text: bytes.toString("utf8").replace(/^\uFEFF/, ""), file_hash: sha256(bytes) };
}
