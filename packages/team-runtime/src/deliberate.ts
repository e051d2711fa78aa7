import { randomUUID } from "node:crypto";
import type { VoteSummary } from "@flotilla/contracts";
import type { z } from "zod";
import type { TeamContext } from "./types.ts";
import { runVote } from "./voting.ts";
import { producerOf } from "./agents.ts";

export interface DeliberateInput<T> {
  /** Names the work in ballots, e.g. "tool:review_code". */
  step: string;
  schema: z.ZodType<T>;
  schemaName: string;
  prompt: string;
  /** The person's request, as the agents see it. */
  taskText: string;
}

/**
 * The team answers a direct request (an MCP tool call from an IDE): the author drafts, every
 * agent votes, exactly as in a workflow step but without the bus. Ballots go to `team_votes`
 * under a fresh request id.
 */
export async function deliberate<T>(
  ctx: TeamContext,
  input: DeliberateInput<T>,
): Promise<{ requestId: string; output: T; vote: VoteSummary }> {
  const requestId = randomUUID();
  const coords = { taskId: requestId, team: ctx.team, step: input.step, round: 1 };
  const draft = await ctx.author.ask({
    schema: input.schema,
    schemaName: input.schemaName,
    prompt: input.prompt,
    context: { kind: "tool", step: input.step, taskId: requestId, taskText: input.taskText, attempt: 1, round: 1 },
  });
  const voted = await runVote(ctx, {
    coords,
    taskText: input.taskText,
    workPrompt: input.prompt,
    schema: input.schema,
    schemaName: input.schemaName,
    first: { candidate: draft.output, author: ctx.author, producer: producerOf(ctx.author, draft) },
  });
  return { requestId, output: voted.candidate, vote: voted.summary };
}
