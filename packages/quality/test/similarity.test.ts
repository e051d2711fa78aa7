import { describe, expect, it } from "vitest";
import { similarity } from "../src/index.ts";

describe("similarity", () => {
  it("is 1 for the same words, whatever the case and punctuation", () => {
    expect(similarity("Forgot to await the save call", "forgot to AWAIT the save() call!")).toBe(1);
  });

  it("is 0 for disjoint texts and for two empty ones", () => {
    expect(similarity("missing null check in parser", "flaky network timeout")).toBe(0);
    expect(similarity("", "")).toBe(0);
    expect(similarity("a an it", "of to")).toBe(0); // only short words
  });

  it("is the Jaccard index of the content words", () => {
    // {missing, null, check, parser} vs {missing, null, check, lexer}: 3 shared of 5.
    expect(similarity("The missing null check in the parser", "missing null check for the lexer")).toBeCloseTo(
      3 / 5,
      10,
    );
    // Stop words do not count: "the", "and", "with" are dropped.
    expect(similarity("the cache and the index", "cache with index")).toBe(1);
  });
});
