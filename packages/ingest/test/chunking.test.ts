import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { chunkJson, chunkMarkdown, MalformedJsonError, MAX_CHUNK_CHARS } from "../src/index.ts";
import { DESIGN, TRAINING } from "./helpers.ts";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

describe("chunkMarkdown", () => {
  it("gives one chunk per section with its heading path, position and hash", () => {
    const chunks = chunkMarkdown(DESIGN, "docs/design-principles.md");
    expect(chunks.map((c) => [c.position, c.heading_path])).toEqual([
      [0, ["Design principles", "Simplicity"]],
      [1, ["Design principles", "Explicit errors"]],
      [2, ["Design principles", "Deterministic identifiers"]],
    ]);
    expect(chunks[1]).toEqual({
      kind: "markdown",
      source: "docs/design-principles.md",
      heading_path: ["Design principles", "Explicit errors"],
      position: 1,
      text: "Design principles > Explicit errors\n\nEvery error names the variable a person must change, and whether retrying can help.",
      content_hash: sha(
        "Design principles > Explicit errors\n\nEvery error names the variable a person must change, and whether retrying can help.",
      ),
    });
  });

  it("follows the lexer: setext headings, no headings inside code, inline markup stripped, text before any heading", () => {
    const md =
      "Preamble.\n\nSetext **Title**\n===\n\n```sh\n# not a heading\n```\n\n" +
      "## `api` and [links](http://x)\n\nBody.\n\n# Next\n### Deep\n\nDeeper.\n";
    expect(chunkMarkdown(md, "a.md").map((c) => c.heading_path)).toEqual([
      [],
      ["Setext Title"],
      ["Setext Title", "api and links"],
      ["Next", "Deep"],
    ]);
    expect(chunkMarkdown(md, "a.md")[1]!.text).toBe("Setext Title\n\n```sh\n# not a heading\n```");
  });

  it("splits a long section at paragraph boundaries", () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} ${"word ".repeat(40)}`.trim());
    const chunks = chunkMarkdown(`# Long\n\n${paragraphs.join("\n\n")}\n`, "long.md");
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.heading_path).toEqual(["Long"]);
      const body = c.text.slice("Long\n\n".length);
      expect(body.length).toBeLessThanOrEqual(MAX_CHUNK_CHARS);
      expect(body.split("\n\n").every((p) => paragraphs.includes(p))).toBe(true); // whole paragraphs only
    }
    expect(chunks.flatMap((c) => c.text.slice("Long\n\n".length).split("\n\n"))).toEqual(paragraphs);
    expect(chunks.map((c) => c.position)).toEqual(chunks.map((_, i) => i));
  });

  it("splits one huge paragraph at sentence, then word boundaries", () => {
    const chunks = chunkMarkdown(`# Wall\n\n${"Short sentence here. ".repeat(300)}`, "wall.md");
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.every((c) => c.text.length <= MAX_CHUNK_CHARS + "Wall\n\n".length)).toBe(true);
    expect(chunks.every((c) => /Wall\n\nShort/.test(c.text))).toBe(true);
  });
});

describe("chunkJson", () => {
  it("reads the string leaves worth reading, keeps scalars as fields and the record on the first chunk", () => {
    const [first, ...rest] = chunkJson(JSON.stringify(TRAINING), "data/training.json");
    expect(rest).toEqual([]);
    expect(first!.text).toBe(
      [
        "file_path: src/files_to_process/_00_TrainingMaterialContents.pdf",
        `content.ocr: ${TRAINING.content.ocr}`,
        `content.pdf_text: ${TRAINING.content.pdf_text}`,
      ].join("\n\n"),
    );
    expect(first!.text).not.toContain("2ab67df6");
    expect(first!.text).not.toContain("2025-01-07");
    expect(first).toMatchObject({
      kind: "json",
      heading_path: ["file_path", "content.ocr", "content.pdf_text"],
      position: 0,
      extra: {
        fields: {
          file_path: TRAINING.file_path,
          file_hash: "2ab67df6",
          processed_date: "2025-01-07T22:55:09",
          total_pages: 1,
        },
        record: TRAINING,
      },
    });
  });

  it("splits long text, reads duplicated text once and records key paths into arrays", () => {
    const ocr = Array.from({ length: 60 }, (_, i) => `Line ${i} of the scanned manual about drivers.`).join("\n");
    const doc = {
      pages: [{ text: ocr }, { text: ocr }, { text: "Appendix." }],
      id: "550e8400-e29b-41d4-a716-446655440000",
    };
    const chunks = chunkJson(JSON.stringify(doc), "scan.json");
    expect(chunks.every((c) => c.text.length <= MAX_CHUNK_CHARS)).toBe(true);
    expect(
      chunks
        .map((c) => c.text)
        .join("\n")
        .match(/Line 59 /g),
    ).toHaveLength(1);
    expect(chunks[0]!.heading_path).toEqual(["pages[0].text"]);
    expect(chunks.at(-1)!.heading_path).toEqual(["pages[0].text", "pages[2].text"]);
    expect(chunks.some((c) => c.text.includes("550e8400"))).toBe(false);
    expect(chunks[0]!.extra).toHaveProperty("record");
    expect(chunks[1]!.extra).not.toHaveProperty("record");
  });

  it("names the file and the parse position of malformed JSON", () => {
    let error: unknown;
    try {
      chunkJson('{"a": 1,\n "b": }', "out/bad.json");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MalformedJsonError);
    expect((error as Error).message).toBe(
      "malformed JSON in out/bad.json: value expected at line 2, column 7 (position 15)",
    );
    expect(() => chunkJson('{"a": 1', "cut.json")).toThrow(
      "malformed JSON in cut.json: close brace expected at line 1, column 8 (position 7)",
    );
  });
});
