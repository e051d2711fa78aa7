import { FlotillaError } from "@flotilla/errors";
import * as jsonc from "jsonc-parser";
import { MAX_JSON_DEPTH } from "@flotilla/contracts";
import { toChunks, type Chunk } from "./chunk.ts";
import { groupBySize, MAX_CHUNK_CHARS, splitText } from "./split.ts";

/** A JSON file that does not parse; the message names the file and where parsing stopped. */
export class MalformedJsonError extends FlotillaError {
  override readonly name = "MalformedJsonError";
  constructor(
    readonly source: string,
    /** Offset (UTF-16 code units) of the first error, when it could be located. */
    readonly position: number | undefined,
    detail: string,
    cause: unknown,
  ) {
    super(`malformed JSON in ${source}: ${detail}`, { cause, context: { source, position } });
  }
}

/**
 * V8's messages give a position for some errors and not for others, so locate the first
 * error with a real JSON scanner (strict: no comments, no trailing commas).
 *
 * @example
 * // "malformed JSON in a.json: value expected at line 2, column 7 (position 15)"
 */
function malformed(text: string, source: string, cause: unknown): MalformedJsonError {
  const errors: jsonc.ParseError[] = [];
  jsonc.parse(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (!first) return new MalformedJsonError(source, undefined, (cause as Error).message, cause);
  const lines = text.slice(0, first.offset).split("\n");
  const what = jsonc
    .printParseErrorCode(first.error)
    .replace(/(?<=[a-z])([A-Z])/g, " $1")
    .toLowerCase();
  const at = `line ${lines.length}, column ${lines[lines.length - 1]!.length + 1} (position ${first.offset})`;
  return new MalformedJsonError(source, first.offset, `${what} at ${at}`, cause);
}

// Strings a person would not search for: hashes, uuids, timestamps, numbers, bare symbols.
const NOT_PROSE = [
  /^[0-9a-f]{6,}$/i,
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  /^\d{4}-\d{2}-\d{2}([T ][\d:.]+)?(Z|[+-]\d{2}:?\d{2})?$/,
  /^[^\p{L}]*$/u,
];

function worthReading(value: string): boolean {
  const v = value.trim();
  return v !== "" && !NOT_PROSE.some((re) => re.test(v));
}

/** Whether arrays and objects nest deeper than `limit` in `value` (walked without recursion). */
function deeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [v, depth] = item;
    if (v === null || typeof v !== "object") continue;
    if (depth > limit) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Every readable string leaf with its key path (`content.ocr`, `pages[2].text`). */
function stringLeaves(value: unknown, path: string, out: Array<{ path: string; text: string }>): void {
  if (typeof value === "string") {
    if (worthReading(value)) out.push({ path: path || "(root)", text: value.trim() });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => stringLeaves(v, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) stringLeaves(v, path ? `${path}.${k}` : k, out);
  }
}

/** Top-level scalars (`file_hash`, `processed_date`, `total_pages`...), kept for filters and display. */
function scalarFields(value: unknown): Record<string, string | number | boolean> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return {};
  const fields: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === "number" || typeof v === "boolean" || (typeof v === "string" && v.length <= 256)) fields[k] = v;
  }
  return fields;
}

/**
 * Chunks a JSON document: the searchable text is every readable string leaf, labelled with
 * its key path (the same text twice, as `ocr` and `pdf_text` often are, is read once), split
 * into ≤ ~1,500-character chunks. Every chunk carries the document's top-level scalars as
 * `fields`; the first also carries the whole parsed document as `record`.
 *
 * @example
 * chunkJson('{"file_path":"a.pdf","content":{"ocr":"driver binding"}}', "out/a.json")
 * // [{ kind: "json", heading_path: ["file_path", "content.ocr"], text: "file_path: a.pdf\n\ncontent.ocr: driver binding", ... }]
 */
export function chunkJson(text: string, source: string, maxChars = MAX_CHUNK_CHARS): Chunk[] {
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (error) {
    throw malformed(text, source, error);
  }
  // Walking it (and storing it as the payload's `record`) would overflow a stack, ours or Qdrant's.
  if (deeperThan(record, MAX_JSON_DEPTH))
    throw new MalformedJsonError(source, undefined, `nested deeper than ${MAX_JSON_DEPTH} levels`, undefined);
  const leaves: Array<{ path: string; text: string }> = [];
  stringLeaves(record, "", leaves);
  const unique = new Map<string, { path: string; text: string }>();
  for (const leaf of leaves) if (!unique.has(leaf.text)) unique.set(leaf.text, leaf);
  const parts = [...unique.values()].flatMap((l) =>
    splitText(`${l.path}: ${l.text}`, maxChars).map((text) => ({ path: l.path, text })),
  );
  const fields = scalarFields(record);
  const pieces = groupBySize(parts, (p) => p.text.length, maxChars, 2).map((group, i) => ({
    heading_path: [...new Set(group.map((p) => p.path))],
    text: group.map((p) => p.text).join("\n\n"),
    extra: i === 0 ? { fields, record } : { fields },
  }));
  return toChunks("json", source, pieces);
}
