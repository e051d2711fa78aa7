/**
 * Cutting text without breaking characters. `text.slice(0, n)` can end between the two halves
 * of a surrogate pair (an emoji), and a lone surrogate is refused by strict JSON readers such as
 * Qdrant's. These cut at a grapheme boundary (an emoji with its skin tone, a letter with its
 * accent stays whole), and always at least at a code point boundary.
 */

// Made on the first cut, not at import: it loads ICU's break rules (~2 MB in every process).
let graphemes: Intl.Segmenter | undefined;

/** Context read around a cut: a grapheme cluster longer than this is cut at a code point instead. */
const WINDOW = 64;

const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** `at` moved back by one when it falls between the halves of a surrogate pair. */
function codePointBoundary(text: string, at: number): number {
  return at > 0 && at < text.length && isLow(text.charCodeAt(at)) && isHigh(text.charCodeAt(at - 1)) ? at - 1 : at;
}

/** The grapheme cluster holding the code unit at `at`, read from a window around it. */
function clusterAt(text: string, at: number) {
  // The window starts on a code point boundary, so every boundary found in it is one in `text` too.
  const from = codePointBoundary(text, Math.max(0, at - WINDOW));
  const to = Math.min(text.length, at + WINDOW);
  graphemes ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  const cluster = graphemes.segment(text.slice(from, to)).containing(at - from)!;
  const start = from + cluster.index;
  const end = start + cluster.segment.length;
  // A cluster reaching an edge of the window may go on beyond it (zalgo text): then that side is unknown.
  return { start, end, startKnown: start > from || from === 0, endKnown: end < to || to === text.length };
}

/**
 * At most `max` UTF-16 code units from the start of `text`, ending on a character boundary.
 *
 * @example
 * cutText("ab👍🏽c", 3) // "ab" — not "ab\ud83d"
 * `${cutText(title, 77)}...`
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  const cluster = clusterAt(text, max);
  return text.slice(0, cluster.startKnown ? cluster.start : codePointBoundary(text, max));
}

/**
 * At most `max` UTF-16 code units from the end of `text`, starting on a character boundary.
 *
 * @example
 * tailText(output, 1_500) // the last lines of a test run's output
 */
export function tailText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  const at = text.length - max;
  const cluster = clusterAt(text, at);
  if (cluster.start === at) return text.slice(at);
  if (cluster.endKnown) return text.slice(cluster.end);
  return text.slice(codePointBoundary(text, at) === at ? at : at + 1);
}

/**
 * `text` cut to `max` code units with `marker` saying so (the marker counts toward `max`).
 *
 * @example
 * clipText(description, 80) // "Add a login page with…"
 */
export function clipText(text: string, max: number, marker = "…"): string {
  return text.length <= max ? text : `${cutText(text, max - marker.length)}${marker}`;
}

/**
 * `text` with every lone surrogate replaced by U+FFFD, for writers that must send well-formed
 * Unicode (Qdrant answers 400 to a lone surrogate).
 */
export function wellFormedText(text: string): string {
  return text.isWellFormed() ? text : text.toWellFormed();
}
