import { Lexer, type Token } from "marked";
import { toChunks, type Chunk } from "./chunk.ts";
import { MAX_CHUNK_CHARS, packText } from "./split.ts";

interface Section {
  path: string[];
  /** Raw markdown of the block tokens under the heading, in order. */
  parts: string[];
}

/** Heading text without inline markup: `**Keep** it _simple_` → "Keep it simple". */
function plainText(tokens: Token[] | undefined, fallback: string): string {
  if (!tokens) return fallback;
  return tokens
    .map((t) => ("tokens" in t && t.tokens ? plainText(t.tokens, "") : "text" in t ? String(t.text) : ""))
    .join("")
    .trim();
}

/** Groups the lexer's block tokens under the heading path they sit below. */
function toSections(tokens: Token[]): Section[] {
  const sections: Section[] = [{ path: [], parts: [] }];
  const stack: Array<{ depth: number; text: string }> = [];
  for (const token of tokens) {
    if (token.type === "heading") {
      const depth = Number(token.depth);
      while (stack.length > 0 && stack[stack.length - 1]!.depth >= depth) stack.pop();
      stack.push({ depth, text: plainText(token.tokens, String(token.text)) });
      sections.push({ path: stack.map((h) => h.text), parts: [] });
    } else {
      sections[sections.length - 1]!.parts.push(token.raw);
    }
  }
  return sections;
}

/**
 * Chunks markdown along its headings: one chunk per section, a long section split at
 * paragraph (then line, sentence, word) boundaries to at most ~1,500 characters. Sections
 * with no body (a heading directly followed by a sub-heading) give no chunk of their own;
 * their heading is in every sub-section's `heading_path` and text.
 *
 * @example
 * chunkMarkdown("# Design\n## Simplicity\nFewer parts.", "docs/DESIGN.md")
 * // [{ heading_path: ["Design", "Simplicity"], text: "Design > Simplicity\n\nFewer parts.", position: 0, ... }]
 */
export function chunkMarkdown(text: string, source: string, maxChars = MAX_CHUNK_CHARS): Chunk[] {
  const pieces = toSections(Lexer.lex(text)).flatMap((section) =>
    packText(section.parts, maxChars)
      .map((body) => body.trim())
      .filter((body) => body !== "")
      .map((body) => ({
        heading_path: section.path,
        text: section.path.length > 0 ? `${section.path.join(" > ")}\n\n${body}` : body,
      })),
  );
  return toChunks("markdown", source, pieces);
}
