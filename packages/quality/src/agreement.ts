import { z } from "zod";

/** The part of a `team_votes` ballot that agreement needs. */
export const BallotLike = z.object({
  vote_id: z.string(),
  provider: z.string(),
  model: z.string(),
  vote: z.enum(["approve", "reject", "abstain"]),
});
export type BallotLike = z.infer<typeof BallotLike>;

/** How often two models ("provider/model", a < b) voted the same in the votes both took part in. */
export interface Agreement {
  a: string;
  b: string;
  votes: number;
  agreed: number;
  rate: number;
  /** Enough votes (≥ 10) and near-constant agreement (≥ 95 %): one of the two adds little. */
  redundant: boolean;
  note?: string;
}

const MIN_VOTES = 10;
const REDUNDANT_RATE = 0.95;

/**
 * Pairwise agreement of the models that cast ballots in the same votes (same vote_id).
 * Abstentions are ignored; a model with several ballots in one vote counts once, by majority
 * (a tie counts as no opinion). Sorted by votes, most first.
 *
 * @example
 * pairwiseAgreement(ballots) // [{ a: "anthropic/m1", b: "openai/m2", votes: 12, agreed: 12, rate: 1, redundant: true, note }]
 */
export function pairwiseAgreement(ballots: readonly BallotLike[]): Agreement[] {
  const pairs = new Map<string, { a: string; b: string; votes: number; agreed: number }>();
  for (const opinions of opinionsPerVote(ballots).values()) {
    const models = [...opinions.keys()].sort();
    for (const [i, a] of models.entries()) {
      for (const b of models.slice(i + 1)) {
        const key = `${a}\u0000${b}`;
        const pair = pairs.get(key) ?? { a, b, votes: 0, agreed: 0 };
        pair.votes += 1;
        if (opinions.get(a) === opinions.get(b)) pair.agreed += 1;
        pairs.set(key, pair);
      }
    }
  }
  return [...pairs.values()]
    .map((pair) => withVerdict({ ...pair, rate: pair.agreed / pair.votes }))
    .sort((x, y) => y.votes - x.votes || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
}

function withVerdict(pair: Omit<Agreement, "redundant" | "note">): Agreement {
  if (pair.votes < MIN_VOTES || pair.rate < REDUNDANT_RATE) return { ...pair, redundant: false };
  const percent = Math.round(pair.rate * 100);
  const note = `${pair.a} and ${pair.b} voted alike in ${percent} % of ${pair.votes} votes: one of them adds little to a vote`;
  return { ...pair, redundant: true, note };
}

/** Per vote, each model's opinion: approve (true) or reject (false), by majority of its ballots. */
function opinionsPerVote(ballots: readonly BallotLike[]): Map<string, Map<string, boolean>> {
  const tallies = new Map<string, Map<string, number>>();
  for (const ballot of ballots) {
    if (ballot.vote === "abstain") continue;
    const perModel = tallies.get(ballot.vote_id) ?? new Map<string, number>();
    const model = `${ballot.provider}/${ballot.model}`;
    perModel.set(model, (perModel.get(model) ?? 0) + (ballot.vote === "approve" ? 1 : -1));
    tallies.set(ballot.vote_id, perModel);
  }
  const opinions = new Map<string, Map<string, boolean>>();
  for (const [voteId, perModel] of tallies) {
    const decided = [...perModel].filter(([, balance]) => balance !== 0);
    opinions.set(voteId, new Map(decided.map(([model, balance]) => [model, balance > 0])));
  }
  return opinions;
}
