import { Ballot, ids, type Producer, type StepCoordinates, type VoteSummary } from "@flotilla/contracts";
import type { z } from "zod";
import { producerOf, type Agent } from "./agents.ts";
import type { TeamContext } from "./types.ts";
import { ballotPoint } from "./records.ts";
import { excerpt } from "./text.ts";
import { tally, type Tally } from "./tally.ts";
import type { StepWrites } from "./step-writes.ts";

export interface VoteInput<T> {
  coords: StepCoordinates;
  taskText: string;
  /** The work request, so a revision can be asked for the same thing. */
  workPrompt: string;
  schema: z.ZodType<T>;
  schemaName: string;
  /** The author's draft, and who served it (defaults to the author's primary model). */
  first: { candidate: T; author: Agent; producer?: Producer };
  onPhase?: (phase: "voting" | "revising", attempt: number) => Promise<void>;
  /** What running the candidate showed (validation, tests): every ballot sees it. */
  review?: (candidate: T) => Promise<string>;
  /** The step's batch of Qdrant writes the ballots join; without it they are written at once. */
  writes?: Pick<StepWrites, "add">;
}

export interface VoteResult<T> {
  candidate: T;
  summary: VoteSummary;
  /** The author with the model that served the chosen candidate. */
  producer: Producer;
  /** Each attempt: whether it reached consensus and why its rejecting voters rejected (for lessons). */
  attempts: AttemptReview[];
}

export interface AttemptReview {
  consensus: boolean;
  rejections: Array<{ agent: string; rationale: string; suggestions: string[] }>;
}

type Cast = { agent: Agent; ballot: Ballot; id: string; producer: Producer };
interface Candidate<T> {
  candidate: T;
  producer: Producer;
}
interface Attempt<T> extends Candidate<T> {
  n: number;
  casts: Cast[];
  tally: Tally;
}

/**
 * SPEC §6: every agent votes concurrently; without consensus (see `tally`: a quorum of decided
 * ballots and a confidence-weighted ratio at the threshold) the author revises from the rejecting
 * agents' points, up to the attempt limit; then the best-supported candidate wins.
 * Every ballot of every attempt is stored in Qdrant `team_votes` (with the step's other writes).
 */
export async function runVote<T>(ctx: TeamContext, input: VoteInput<T>): Promise<VoteResult<T>> {
  const { config } = ctx;
  if (!config.TEAM_VOTING_ENABLED) {
    return {
      candidate: input.first.candidate,
      producer: input.first.producer ?? input.first.author.producer,
      attempts: [],
      // No vote is held: the draft passes as if approved, with no ballots to count.
      summary: {
        outcome: "voting_disabled",
        attempts: 1,
        chosen_attempt: 1,
        approval_ratio: 1,
        head_count_ratio: 1,
        approvals: 0,
        rejections: 0,
        abstentions: 0,
        quorum: true,
        ballots: 0,
        ballot_ids: [],
        providers: [],
        models: [],
        single_provider: false,
      },
    };
  }
  const attempts: Attempt<T>[] = [];
  let current: Candidate<T> = {
    candidate: input.first.candidate,
    producer: input.first.producer ?? input.first.author.producer,
  };
  for (let n = 1; n <= config.TEAM_VOTING_MAX_ATTEMPTS; n++) {
    await input.onPhase?.("voting", n);
    const review = await input.review?.(current.candidate);
    const casts = await Promise.all(ctx.agents.map((agent) => castBallot(agent, input, current.candidate, n, review)));
    const attempt = {
      n,
      ...current,
      casts,
      tally: tally(
        casts.map((c) => c.ballot),
        config.TEAM_VOTING_MIN_CONSENSUS,
      ),
    };
    attempts.push(attempt);
    if (attempt.tally.consensus) return finish(ctx, input, attempts, attempt, "accepted");
    if (n === config.TEAM_VOTING_MAX_ATTEMPTS) break;
    await input.onPhase?.("revising", n + 1);
    current = await revise(input, attempt, n + 1);
  }
  const best = attempts.reduce((a, b) => (b.tally.support > a.tally.support ? b : a));
  return finish(ctx, input, attempts, best, "no_consensus_best_supported");
}

async function castBallot<T>(
  agent: Agent,
  input: VoteInput<T>,
  candidate: T,
  attempt: number,
  review?: string,
): Promise<Cast> {
  const prompt = [
    `Review this candidate for the "${input.coords.step}" step of the task below and vote approve, reject or abstain.`,
    `Task: ${input.taskText}`,
    `Candidate (attempt ${attempt}):`,
    excerpt(candidate),
    review ? `Running it in the sandbox showed:\n${review}` : "",
  ]
    .filter(Boolean)
    .join("\n\n");
  const res = await agent.ask({
    schema: Ballot,
    schemaName: "Ballot",
    prompt,
    context: {
      kind: "vote",
      step: input.coords.step,
      taskId: input.coords.taskId,
      taskText: input.taskText,
      attempt,
      round: input.coords.round,
    },
  });
  return {
    agent,
    ballot: res.output,
    id: ids.ballot(input.coords, attempt, agent.spec.name),
    producer: producerOf(agent, res),
  };
}

async function revise<T>(input: VoteInput<T>, previous: Attempt<T>, attempt: number): Promise<Candidate<T>> {
  const points = previous.casts
    .filter((c) => c.ballot.vote === "reject")
    .flatMap((c) => [
      `${c.agent.spec.name}: ${c.ballot.rationale}`,
      ...c.ballot.suggested_improvements.map((s) => `  - ${s}`),
    ]);
  const prompt = [
    input.workPrompt,
    "Your previous candidate did not reach consensus:",
    excerpt(previous.candidate),
    "Points to address:",
    ...points,
  ].join("\n\n");
  const res = await input.first.author.ask({
    schema: input.schema,
    schemaName: input.schemaName,
    prompt,
    context: {
      kind: "revise",
      step: input.coords.step,
      taskId: input.coords.taskId,
      taskText: input.taskText,
      attempt,
      round: input.coords.round,
    },
  });
  return { candidate: res.output, producer: producerOf(input.first.author, res) };
}

async function finish<T>(
  ctx: TeamContext,
  input: VoteInput<T>,
  attempts: Attempt<T>[],
  chosen: Attempt<T>,
  outcome: VoteSummary["outcome"],
): Promise<VoteResult<T>> {
  const points = attempts.flatMap((a) =>
    a.casts.map((c) => ballotPoint(input.coords, a, c, { outcome, chosen: a.n === chosen.n })),
  );
  if (input.writes) input.writes.add("team_votes", points);
  else await ctx.knowledge.upsert("team_votes", points);
  const ballotIds = attempts.flatMap((a) => a.casts.map((c) => c.id));
  const casts = attempts.flatMap((a) => a.casts);
  const providers = [...new Set(casts.map((c) => c.producer.provider))];
  const { approval_ratio, head_count_ratio, approvals, rejections, abstentions, quorum } = chosen.tally;
  return {
    candidate: chosen.candidate,
    producer: chosen.producer,
    attempts: attempts.map((a) => ({
      consensus: a.tally.consensus,
      rejections: a.casts
        .filter((c) => c.ballot.vote === "reject")
        .map((c) => ({
          agent: c.agent.spec.name,
          rationale: c.ballot.rationale,
          suggestions: c.ballot.suggested_improvements,
        })),
    })),
    summary: {
      outcome,
      attempts: attempts.length,
      chosen_attempt: chosen.n,
      approval_ratio,
      head_count_ratio,
      approvals,
      rejections,
      abstentions,
      quorum,
      ballots: ballotIds.length,
      ballot_ids: ballotIds,
      providers,
      models: [...new Set(casts.map((c) => `${c.producer.provider}/${c.producer.model}`))],
      single_provider: providers.length === 1 && casts.length > 1,
    },
  };
}
