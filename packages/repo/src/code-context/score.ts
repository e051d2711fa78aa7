import { basename } from "node:path";
import { wordsOf } from "./words.ts";

export interface ScoredText {
  path: string;
  content: string;
}

// BM25's usual constants; a query word in the file's name counts as much as a frequent word in
// its text, one in a folder name about half that, since paths say what a file is about.
const K1 = 1.2;
const B = 0.75;
const IN_NAME = 3;
const IN_FOLDER = 1.5;

/**
 * BM25 of `query` against each file's text, plus a bonus for query words in its path, each
 * word weighted by how rare it is among `files`. Files no query word reaches score 0.
 *
 * @example
 * scoreFiles("median of a list", files).get("src/stats/median.ts"); // 7.9
 */
export function scoreFiles(query: string, files: readonly ScoredText[]): Map<string, number> {
  const terms = [...new Set(wordsOf(query))];
  const docs = files.map((file) => describe(file, terms));
  const averageLength = docs.reduce((sum, doc) => sum + doc.length, 0) / Math.max(docs.length, 1) || 1;
  const idf = new Map(
    terms.map((term) => {
      const df = docs.filter((doc) => doc.counts.has(term) || doc.folder.has(term) || doc.name.has(term)).length;
      return [term, Math.log(1 + (docs.length - df + 0.5) / (df + 0.5))];
    }),
  );
  return new Map(
    docs.map((doc) => {
      let score = 0;
      for (const term of terms) {
        const tf = doc.counts.get(term) ?? 0;
        const text = (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * doc.length) / averageLength));
        const path = doc.name.has(term) ? IN_NAME : doc.folder.has(term) ? IN_FOLDER : 0;
        score += (idf.get(term) ?? 0) * (text + path);
      }
      return [doc.path, score];
    }),
  );
}

/** What scoring needs of a file: its length in words, counts of the query's words, its path's words. */
function describe(file: ScoredText, terms: readonly string[]) {
  const wanted = new Set(terms);
  const words = wordsOf(file.content);
  const counts = new Map<string, number>();
  for (const word of words) if (wanted.has(word)) counts.set(word, (counts.get(word) ?? 0) + 1);
  const name = basename(file.path);
  return {
    path: file.path,
    length: words.length,
    counts,
    name: new Set(wordsOf(name)),
    folder: new Set(wordsOf(file.path.slice(0, -name.length))),
  };
}
