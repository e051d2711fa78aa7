import { describe, expect, it } from "vitest";
import { buildLeaderboard, pairwiseAgreement, renderLeaderboard } from "../src/index.ts";
import { record, scored, usage } from "./helpers.ts";

describe("renderLeaderboard", () => {
  it("says so when there is nothing yet", () => {
    const text = renderLeaderboard({ rows: [], agreement: [], records: 0, ballots: 0 });
    expect(text).toContain("no quality records yet");
    expect(text).toContain("model agreement: no shared votes yet");
  });

  it("shows ranked rows, dimensions with footnotes, latency, approval and simulated work", () => {
    const rows = buildLeaderboard([
      ...scored("model-x", 0, 2, { simulated: true }),
      ...scored("model-y", 1, 3),
      usage("model-y", 1500, 10),
      record({ model: "model-y", source: "vote", evidence: { approval_ratio: 1 } }),
      record({ model: "model-y", dimensions: { clarity: { value: null, basis: "-", missing: "no docs written" } } }),
    ]);
    const text = renderLeaderboard({ rows, agreement: [], records: 7, ballots: 0 });
    const lines = text.split("\n");
    expect(lines[0]).toBe("feature/typescript · lead developer");
    expect(lines[1]).toMatch(
      /^#\s+model\s+team\s+n\s+quality \[90 %\]\s+correct\s+code\s+complete\s+effic\.\s+clarity\s+latency\s+approval$/,
    );
    // Wilson 90 % on 3 of 3: (1 + z²/6 − z·sqrt(z²/36)) / (1 + z²/3) = 0.526.
    expect(lines[2]).toMatch(/^1\s+openai\/model-y\s+development\s+3\s+0\.80 \[0\.53–1\.00\]\s+/);
    expect(lines[2]).toMatch(/\s1\.00 \(3\)\s+—\[1\]\s+—\[1\]\s+1\.00 \(1\)\s+—\[2\]\s+1500 ms\s+1\.00$/);
    expect(lines[3]).toMatch(/^2\s+openai\/model-x \(simulated\)\s+development\s+2\s+0\.25 .*—\[3\]\s+—\[1\]\s+—\s+—$/);
    expect(text).toContain("[1] not measured\n[2] no docs written\n[3] no usage recorded");
    expect(text).toContain("7 quality record(s), 0 ballot(s)");
  });

  it("lists agreement with redundant pairs flagged", () => {
    const ballots = Array.from({ length: 10 }, (_, i) =>
      ["a", "b"].map((model) => ({ vote_id: `v${i}`, provider: "p", model, vote: "approve" as const })),
    ).flat();
    const text = renderLeaderboard({ rows: [], agreement: pairwiseAgreement(ballots), records: 0, ballots: 20 });
    expect(text).toMatch(
      /model agreement\nmodel a\s+model b\s+votes\s+agreed\s+rate\np\/a\s+p\/b\s+10\s+10\s+1\.00\s+REDUNDANT: p\/a and p\/b voted alike/,
    );
  });
});
