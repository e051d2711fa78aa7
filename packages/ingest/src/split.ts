import { cutText } from "@flotilla/contracts";

/** Longest chunk body we aim for: a few paragraphs, small enough for BM25 to stay specific. */
export const MAX_CHUNK_CHARS = 1_500;

// Coarsest boundary first: paragraphs, then lines, then sentences, then words.
const SEPARATORS = ["\n\n", "\n", ". ", " "];

/**
 * Greedily joins consecutive parts while the result stays within `max`; a part longer than
 * `max` is first split at the coarsest boundary it contains.
 *
 * @example
 * packText(["a\n\n", "b\n\n"], 1_500) // ["a\n\nb\n\n"]
 */
export function packText(parts: string[], max = MAX_CHUNK_CHARS, separator = ""): string[] {
  const pieces = parts.flatMap((p) => splitText(p, max));
  return groupBySize(pieces, (p) => p.length, max, separator.length).map((group) => group.join(separator));
}

/** Consecutive items in groups whose total size (plus a separator between items) stays within `max`. */
export function groupBySize<T>(items: T[], size: (item: T) => number, max: number, separatorLength = 0): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let total = 0;
  for (const item of items) {
    const added = (current.length > 0 ? separatorLength : 0) + size(item);
    if (current.length > 0 && total + added > max) {
      groups.push(current);
      current = [];
      total = 0;
    }
    total += current.length > 0 ? separatorLength + size(item) : size(item);
    current.push(item);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Splits `text` into pieces of at most `max` characters at the coarsest boundary it contains. */
export function splitText(text: string, max = MAX_CHUNK_CHARS, level = 0): string[] {
  if (text.length <= max) return [text];
  const index = SEPARATORS.findIndex((s, i) => i >= level && text.includes(s));
  if (index === -1) return hardSplit(text, max);
  const separator = SEPARATORS[index]!;
  const pieces = text.split(separator).flatMap((p) => splitText(p, max, index + 1));
  return packText(pieces, max, separator);
}

/** Pieces of at most `max` code units, never splitting a character (an emoji stays whole). */
function hardSplit(text: string, max: number): string[] {
  const out: string[] = [];
  for (let rest = text; rest;) {
    // A character longer than `max` (possible only for tiny limits) is kept whole rather than looping.
    const piece = cutText(rest, max) || new Intl.Segmenter().segment(rest).containing(0)!.segment;
    out.push(piece);
    rest = rest.slice(piece.length);
  }
  return out;
}
