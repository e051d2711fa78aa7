import {
  stableId,
  type Ballot,
  type Producer,
  type Rating,
  type StepCoordinates,
  type WorkRef,
} from "@flotilla/contracts";
import type { Tally } from "./tally.ts";

/** A Qdrant point: deterministic id, text for BM25, the record as payload. */
export interface Point {
  id: string;
  text: string;
  payload: Record<string, unknown>;
}

interface CastLike {
  producer: Producer;
  ballot: Ballot;
  id: string;
}
interface AttemptLike {
  n: number;
  tally: Pick<Tally, "approval_ratio" | "head_count_ratio" | "quorum" | "consensus">;
  candidate: unknown;
}

/** A candidate's own summary line (every work output has one). */
export const summaryOf = (candidate: unknown) =>
  typeof candidate === "object" && candidate !== null && "summary" in candidate ? String(candidate.summary) : "";

/** One ballot of one attempt, for `team_votes` (schema of the design conversation, one point per ballot). */
export function ballotPoint(
  c: StepCoordinates,
  attempt: AttemptLike,
  cast: CastLike,
  final: { outcome: string; chosen: boolean },
): Point {
  const b = cast.ballot;
  const reached = attempt.tally.consensus;
  return {
    id: cast.id,
    text: `${c.team} ${c.step} vote ${b.vote}: ${b.rationale} ${b.suggested_improvements.join(" ")}`,
    payload: {
      kind: "ballot",
      vote_id: stableId("vote", c.taskId, c.team, c.packet ?? "-", c.step, c.round, attempt.n),
      ballot_id: cast.id,
      task_id: c.taskId,
      team: c.team,
      step: c.step,
      packet_id: c.packet,
      round: c.round,
      attempt: attempt.n,
      agent: cast.producer.agent,
      provider: cast.producer.provider,
      model: cast.producer.model,
      simulated: cast.producer.simulated,
      vote: b.vote,
      confidence: b.confidence,
      rationale: b.rationale,
      suggested_improvements: b.suggested_improvements,
      approval_percentage: attempt.tally.approval_ratio,
      head_count_percentage: attempt.tally.head_count_ratio,
      quorum: attempt.tally.quorum,
      consensus_reached: reached,
      outcome: reached ? "accepted" : final.chosen ? final.outcome : "requires_revision",
      final_outcome: final.outcome,
      chosen: final.chosen,
      candidate_summary: summaryOf(attempt.candidate),
      timestamp: new Date().toISOString(),
    },
  };
}

/** One agent's rating of work received from another team, for `cross_team_ratings`. */
export function ratingPoint(c: StepCoordinates, id: string, rater: Producer, work: WorkRef, r: Rating): Point {
  return {
    id,
    text: `${c.team} rates ${work.produced_by.team} ${work.step}: ${r.feedback} ${r.issues_found.map((i) => i.description).join(" ")}`,
    payload: {
      kind: "rating",
      rating_id: id,
      task_id: c.taskId,
      from_team: c.team,
      to_team: work.produced_by.team,
      step: c.step,
      packet_id: c.packet,
      round: c.round,
      rated_step: work.step,
      rated_packet: work.packet_id,
      rated_round: work.round,
      artifact: work.artifact,
      rating_agent: rater.agent,
      rating_model: rater.model,
      rating_provider: rater.provider,
      agent: work.produced_by.agent,
      model: work.produced_by.model,
      provider: work.produced_by.provider,
      simulated: work.produced_by.simulated,
      team: work.produced_by.team,
      ratings: r.ratings,
      overall: r.ratings.overall,
      feedback: r.feedback,
      issues_found: r.issues_found,
      approved: r.approved,
      timestamp: new Date().toISOString(),
    },
  };
}
