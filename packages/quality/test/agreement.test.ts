import { describe, expect, it } from "vitest";
import { pairwiseAgreement, type BallotLike } from "../src/index.ts";

type Vote = BallotLike["vote"];
const ballot = (vote_id: string, model: string, vote: Vote, provider = "openai"): BallotLike => ({
  vote_id,
  provider,
  model,
  vote,
});

describe("pairwiseAgreement", () => {
  it("counts shared votes and agreements per pair, a < b", () => {
    const ballots = [
      ballot("v1", "b", "approve"),
      ballot("v1", "a", "approve"),
      ballot("v1", "c", "reject", "anthropic"),
      ballot("v2", "a", "reject"),
      ballot("v2", "b", "approve"),
      ballot("v3", "a", "approve"),
      ballot("v3", "c", "abstain", "anthropic"), // ignored: no opinion
    ];
    expect(pairwiseAgreement(ballots)).toEqual([
      { a: "openai/a", b: "openai/b", votes: 2, agreed: 1, rate: 0.5, redundant: false },
      { a: "anthropic/c", b: "openai/a", votes: 1, agreed: 0, rate: 0, redundant: false },
      { a: "anthropic/c", b: "openai/b", votes: 1, agreed: 0, rate: 0, redundant: false },
    ]);
  });

  it("counts a model's several ballots in one vote once, by majority", () => {
    const ballots = [
      ballot("v1", "a", "approve"),
      ballot("v1", "a", "approve"),
      ballot("v1", "a", "reject"),
      ballot("v1", "b", "approve"),
      ballot("v2", "a", "approve"),
      ballot("v2", "a", "reject"), // a tie: no opinion in v2
      ballot("v2", "b", "approve"),
    ];
    expect(pairwiseAgreement(ballots)).toEqual([
      { a: "openai/a", b: "openai/b", votes: 1, agreed: 1, rate: 1, redundant: false },
    ]);
  });

  it("flags a pair that always agrees over ten or more votes", () => {
    const ballots = Array.from({ length: 10 }, (_, i) => [
      ballot(`v${i}`, "a", i % 2 ? "approve" : "reject"),
      ballot(`v${i}`, "b", i % 2 ? "approve" : "reject", "google"),
    ]).flat();
    const [pair] = pairwiseAgreement(ballots);
    expect(pair).toMatchObject({ a: "google/b", b: "openai/a", votes: 10, agreed: 10, rate: 1, redundant: true });
    expect(pair?.note).toMatch(/google\/b and openai\/a voted alike in 100 % of 10 votes: one of them adds little/);
    // Nine votes are not enough evidence; one disagreement in ten drops below 95 %.
    expect(pairwiseAgreement(ballots.slice(2))[0]?.redundant).toBe(false);
    const oneOff = ballots.map((b, i) => (i === 0 ? { ...b, vote: "approve" as const } : b));
    expect(pairwiseAgreement(oneOff)[0]).toMatchObject({ agreed: 9, rate: 0.9, redundant: false });
  });
});
