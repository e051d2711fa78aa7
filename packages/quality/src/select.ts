import type { CandidateView, SelectionStrategy } from "@flotilla/contracts";
import type { LeaderboardRow } from "./row.ts";
import { STRATEGIES } from "./strategies.ts";

/** One model an agent may run on. */
export interface Candidate {
  provider: string;
  model: string;
}

export interface SelectionInput {
  strategy: SelectionStrategy;
  /** The agent's candidate models, primary first; at least one. */
  candidates: readonly Candidate[];
  /** Leaderboard rows already filtered to this role and task type (may be empty). */
  rows: readonly LeaderboardRow[];
  rng: () => number;
  /** explore: the share of choices made uniformly at random. */
  exploreRate: number;
  taskType: string;
}

export interface Selection {
  chosen: Candidate;
  /** One sentence naming the strategy, the chosen model and the figures that decided. */
  reason: string;
  views: CandidateView[];
}

/** A candidate with its leaderboard row (if any) and its place in the agent's list. */
export interface Scored {
  candidate: Candidate;
  row: LeaderboardRow | undefined;
  index: number;
}

/**
 * Chooses which of an agent's candidate models serves a step (MODEL_SELECTION_STRATEGY):
 * - quality_first: the best proven quality (highest lower bound) among candidates with scores;
 *   the primary while none has any.
 * - speed_first: the lowest median latency among candidates with usage whose quality mean is at
 *   least 0.5 (any when none is); the primary without latency data.
 * - balanced: the highest 0.7 · quality mean + 0.3 · (fastest latency / its latency), unknowns
 *   counting 0.5 each.
 * - explore: a uniformly random candidate in `exploreRate` of choices, otherwise Thompson
 *   sampling: one draw from each candidate's Beta posterior, the highest wins.
 *
 * @example
 * chooseModel({ strategy: "quality_first", candidates, rows, rng: seededRandom(1), exploreRate: 0.2, taskType: "feature" })
 */
export function chooseModel(input: SelectionInput): Selection {
  if (input.candidates.length === 0) throw new RangeError(`chooseModel: no candidate models for ${input.taskType}`);
  const scored = input.candidates.map((candidate, index) => ({ candidate, row: rowOf(input.rows, candidate), index }));
  const { chosen, reason } = STRATEGIES[input.strategy](scored, input);
  return { chosen: chosen.candidate, reason, views: scored.map(viewOf) };
}

/** The candidate's row; with rows of several teams, the one with the most scores. */
function rowOf(rows: readonly LeaderboardRow[], candidate: Candidate): LeaderboardRow | undefined {
  const matching = rows.filter((r) => r.provider === candidate.provider && r.model === candidate.model);
  return matching.reduce<LeaderboardRow | undefined>(
    (best, r) => (!best || r.quality.n > best.quality.n ? r : best),
    undefined,
  );
}

function viewOf({ candidate, row }: Scored): CandidateView {
  const n = row?.quality.n ?? 0;
  return {
    provider: candidate.provider,
    model: candidate.model,
    n,
    quality: row && n > 0 ? row.quality.mean : null,
    latency_ms: row?.latency_ms ?? null,
  };
}
