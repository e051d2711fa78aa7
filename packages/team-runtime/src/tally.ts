import type { Ballot } from "@flotilla/contracts";

/** The count of one attempt's ballots (SPEC §6); pure, so the rule is tested without servers. */
export interface Tally {
  approvals: number;
  rejections: number;
  abstentions: number;
  voters: number;
  /** At least half of the voters approved or rejected: a lone approval among abstainers decides nothing. */
  quorum: boolean;
  /** Σ confidence of approvals / Σ confidence of approvals and rejections; 0 when no decided ballot carries weight. */
  approval_ratio: number;
  /** approvals / (approvals + rejections), kept beside the weighted ratio so the two can be compared. */
  head_count_ratio: number;
  /** Σ confidence of approvals: how the best candidate is picked when no attempt reaches consensus. */
  support: number;
  consensus: boolean;
}

/**
 * Tallies one attempt. Consensus needs the quorum and a weighted ratio at or above `minConsensus`.
 *
 * @example tally([{ vote: "approve", confidence: 0.9 }, { vote: "abstain", confidence: 0.5 }], 0.66).consensus // true
 */
export function tally(ballots: ReadonlyArray<Pick<Ballot, "vote" | "confidence">>, minConsensus: number): Tally {
  const weightOf = (vote: Ballot["vote"]) => ballots.reduce((sum, b) => sum + (b.vote === vote ? b.confidence : 0), 0);
  const countOf = (vote: Ballot["vote"]) => ballots.filter((b) => b.vote === vote).length;
  const approvals = countOf("approve");
  const rejections = countOf("reject");
  const decided = approvals + rejections;
  const support = weightOf("approve");
  const weight = support + weightOf("reject");
  const approval_ratio = weight > 0 ? support / weight : 0;
  const quorum = decided > 0 && decided * 2 >= ballots.length;
  return {
    approvals,
    rejections,
    abstentions: ballots.length - decided,
    voters: ballots.length,
    quorum,
    approval_ratio,
    head_count_ratio: decided ? approvals / decided : 0,
    support,
    consensus: quorum && approval_ratio >= minConsensus,
  };
}
