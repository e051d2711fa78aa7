// Words a task description is full of that say nothing about which file it is about.
const STOP_WORDS = new Set(
  (
    "a an and any are as at be but by can could do does for from has have how i if in into is it its " +
    "me my no not of on or our please should so some than that the their them then there these this " +
    "those to up us was we were what when where which while who why will with would you your " +
    "add change fix implement make need new update use"
  ).split(" "),
);

/**
 * The words of `text` for matching a query against paths and code: camelCase and snake_case
 * split apart, lowercased, stop words and one-character pieces dropped, a plural's "s" taken
 * off, so that "getMedianValues" and "median value" meet.
 *
 * @example
 * wordsOf("Add a getMedianValues() helper"); // ["get", "median", "value", "helper"]
 */
export function wordsOf(text: string): string[] {
  return text
    .replace(/(\p{Ll}|\p{N})(\p{Lu})/gu, "$1 $2")
    .replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, "$1 $2")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 1 && !/^\d+$/.test(word) && !STOP_WORDS.has(word))
    .map(singular);
}

// Deliberately crude: query and files go through the same function, so only consistency matters.
function singular(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith("s") && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}
