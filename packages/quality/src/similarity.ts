/** Common English words that say nothing about what a lesson is about. */
const STOP_WORDS = new Set(
  (
    "the and for are was were but not you your its has have had into onto from with without that this " +
    "these those then than when what which who whom will would should could can all any our out they " +
    "them their there been being also each only more most some such very about over after before " +
    "because while where how why just too did does doing done use used using"
  ).split(" "),
);

/** Lower-cased words of letters and digits, 3+ characters, stop words dropped. */
function wordsOf(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return new Set(words.filter((w) => w.length >= 3 && !STOP_WORDS.has(w)));
}

/**
 * Jaccard similarity of the two texts' word sets: 1 for the same words, 0 for none in common
 * (and when both are empty). Near-duplicate lessons are merged above a threshold of this.
 *
 * @example
 * similarity("Forgot to await the save call", "forgot to AWAIT the save() call") // 1
 */
export function similarity(a: string, b: string): number {
  const left = wordsOf(a);
  const right = wordsOf(b);
  if (left.size === 0 && right.size === 0) return 0;
  let shared = 0;
  for (const w of left) if (right.has(w)) shared += 1;
  return shared / (left.size + right.size - shared);
}
