import { Buffer } from "node:buffer";

// Less than this much of a file tells an agent nothing; better to stop and say so.
const MIN_CUT_BYTES = 200;

/**
 * `content` within `budget` UTF-8 bytes: whole when it fits, else cut at a line end and marked
 * (the marker counted in the budget), or undefined when too little room is left to be useful.
 *
 * @example
 * fitToBudget(bigFile, 1_000)?.endsWith("bytes; cut here to fit the context budget]\n"); // true
 */
export function fitToBudget(content: string, budget: number): { text: string; cut: boolean } | undefined {
  const bytes = Buffer.byteLength(content, "utf8");
  if (bytes <= budget) return { text: content, cut: false };
  const marker = `\n[… the file has ${bytes} bytes; cut here to fit the context budget]\n`;
  const keep = budget - Buffer.byteLength(marker, "utf8");
  if (keep < MIN_CUT_BYTES) return undefined;
  // Decoding a prefix may end in half a character, which becomes U+FFFD; a whole line is nicer anyway.
  const prefix = Buffer.from(content, "utf8")
    .subarray(0, keep)
    .toString("utf8")
    .replace(/\uFFFD$/, "");
  const lineEnd = prefix.lastIndexOf("\n");
  return { text: (lineEnd > 0 ? prefix.slice(0, lineEnd) : prefix) + marker, cut: true };
}
