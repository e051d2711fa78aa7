import { describe, expect, it } from "vitest";
import { clipText, cutText, tailText, wellFormedText } from "@flotilla/contracts";

const EMOJI = ["👍", "👍🏽", "🇫🇷", "👩‍👩‍👧", "é", "e\u0301", "😀"];
const base = "Add a login page with a password reset link and an audit log of every attempt ".repeat(4);

const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const clusters = (s: string) => [...segmenter.segment(s)].map((g) => g.segment);

/** `base` with `emoji` inserted at code unit `at`. */
const withEmojiAt = (emoji: string, at: number) => `${base.slice(0, at)}${emoji}${base.slice(at)}`;

function expectWellFormed(s: string) {
  expect(s.isWellFormed()).toBe(true);
  expect(JSON.parse(JSON.stringify(s))).toBe(s);
  expect(Buffer.from(s).toString()).toBe(s);
  expect(new TextDecoder().decode(new TextEncoder().encode(s))).toBe(s);
}

describe("cutText and tailText", () => {
  it("never split a character, whatever the emoji position (0..200) and cut (77, 80, 400)", () => {
    for (const emoji of EMOJI)
      for (let at = 0; at <= 200; at++) {
        const text = withEmojiAt(emoji, at);
        for (const max of [77, 80, 400]) {
          const head = cutText(text, max);
          const tail = tailText(text, max);
          expectWellFormed(head);
          expectWellFormed(tail);
          expect(text.startsWith(head)).toBe(true);
          expect(text.endsWith(tail)).toBe(true);
          expect(head.length).toBeLessThanOrEqual(max);
          expect(tail.length).toBeLessThanOrEqual(max);
          // At most one character is given up at the cut.
          expect(head.length).toBeGreaterThanOrEqual(Math.min(text.length, max) - emoji.length);
          expect(tail.length).toBeGreaterThanOrEqual(Math.min(text.length, max) - emoji.length);
          // Whole characters (grapheme clusters) of the text, none broken.
          const all = clusters(text);
          expect(clusters(head)).toEqual(all.slice(0, clusters(head).length));
          expect(clusters(tail)).toEqual(all.slice(all.length - clusters(tail).length));
        }
      }
  });

  it("keep a grapheme cluster whole (skin tone, flag, family, combining accent)", () => {
    expect(cutText("ab👍🏽c", 3)).toBe("ab");
    expect(cutText("ab👍🏽c", 5)).toBe("ab");
    expect(cutText("ab👍🏽c", 6)).toBe("ab👍🏽");
    expect(cutText("x🇫🇷🇩🇪", 4)).toBe("x");
    expect(cutText("cafe\u0301!", 4)).toBe("caf");
    expect(tailText("ab👍🏽c", 4)).toBe("c");
    expect(tailText("ab👍🏽c", 5)).toBe("👍🏽c");
    expect(tailText("👩‍👩‍👧 done", 6)).toBe(" done");
  });

  it("return short texts unchanged and nothing for a limit of 0", () => {
    expect(cutText("short", 80)).toBe("short");
    expect(tailText("short", 5)).toBe("short");
    expect(cutText("👍", 0)).toBe("");
    expect(tailText("👍", 0)).toBe("");
    expect(cutText("👍", 1)).toBe("");
    expect(tailText("👍", 1)).toBe("");
  });

  it("cut a cluster longer than its window at a code point (zalgo text)", () => {
    const zalgo = `a${"\u0301".repeat(300)}😀${"b".repeat(10)}`;
    for (const max of [1, 2, 100, 290, 301, 302, 303]) {
      expectWellFormed(cutText(zalgo, max));
      expectWellFormed(tailText(zalgo, max));
      expect(cutText(zalgo, max).length).toBeLessThanOrEqual(max);
      expect(tailText(zalgo, max).length).toBeLessThanOrEqual(max);
    }
    expect(cutText(zalgo, 100)).toHaveLength(100);
  });

  it("stay fast on long texts (only a window around the cut is segmented)", () => {
    const long = "👍🏽 word ".repeat(200_000);
    const started = performance.now();
    for (let i = 0; i < 1_000; i++) cutText(long, 12_000 + i);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe("clipText", () => {
  it("counts its marker toward the limit", () => {
    const clipped = clipText(withEmojiAt("😀", 76), 80);
    expect(clipped.length).toBeLessThanOrEqual(80);
    expect(clipped.endsWith("…")).toBe(true);
    expectWellFormed(clipped);
    expect(clipText("short", 80)).toBe("short");
  });
});

describe("wellFormedText", () => {
  it("replaces lone surrogates with U+FFFD and leaves pairs alone", () => {
    expect(wellFormedText("a\ud83db")).toBe("a\ufffdb");
    expect(wellFormedText("a\ude00")).toBe("a\ufffd");
    expect(wellFormedText("ok 😀")).toBe("ok 😀");
  });
});
