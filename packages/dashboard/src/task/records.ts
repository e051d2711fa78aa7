import { z } from "zod";
import { Ballot, Rating } from "@flotilla/contracts";
import type { KnowledgeStore } from "@flotilla/knowledge";

/**
 * The fields of a `team_votes` point the task page shows (team-runtime's `ballotPoint` writes
 * them): where it was cast, by which model, and the ballot itself.
 */
export const BallotRecord = Ballot.extend({
  team: z.string(),
  step: z.string(),
  packet_id: z.string().nullish(),
  round: z.number(),
  attempt: z.number(),
  agent: z.string(),
  provider: z.string(),
  model: z.string(),
  chosen: z.boolean().optional(),
  consensus_reached: z.boolean().optional(),
});
export type BallotRecord = z.infer<typeof BallotRecord>;

/** The fields of a `cross_team_ratings` point (`ratingPoint`): who rated which work, with which model. */
export const RatingRecord = Rating.extend({
  from_team: z.string(),
  to_team: z.string(),
  rated_step: z.string(),
  rated_packet: z.string().nullish(),
  rated_round: z.number(),
  rating_agent: z.string(),
  rating_provider: z.string(),
  rating_model: z.string(),
});
export type RatingRecord = z.infer<typeof RatingRecord>;

/** Every ballot and rating of a task, or why they could not be read. */
export interface TaskRecords {
  ballots: BallotRecord[] | Error;
  ratings: RatingRecord[] | Error;
}

async function load<T>(
  knowledge: Pick<KnowledgeStore, "list">,
  collection: string,
  taskId: string,
  schema: z.ZodType<T>,
) {
  try {
    const points = await knowledge.list(collection, { task_id: taskId });
    return points.flatMap((p) => {
      const parsed = schema.safeParse(p.payload);
      return parsed.success ? [parsed.data] : [];
    });
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** Reads the task's ballots (`team_votes`) and ratings (`cross_team_ratings`) with the read-only key. */
export async function loadRecords(knowledge: Pick<KnowledgeStore, "list">, taskId: string): Promise<TaskRecords> {
  const [ballots, ratings] = await Promise.all([
    load(knowledge, "team_votes", taskId, BallotRecord),
    load(knowledge, "cross_team_ratings", taskId, RatingRecord),
  ]);
  return { ballots, ratings };
}

const samePacket = (a: string | null | undefined, b: string | undefined) => (a ?? undefined) === b;

/** The ballots cast on one step of one packet, every round and attempt, in order. */
export const ballotsOf = (all: BallotRecord[], team: string, step: string, packet: string | undefined) =>
  all
    .filter((b) => b.team === team && b.step === step && samePacket(b.packet_id, packet))
    .sort((a, b) => a.round - b.round || a.attempt - b.attempt || a.agent.localeCompare(b.agent));

/** The ratings another team gave this work, every round. */
export const ratingsOf = (all: RatingRecord[], team: string, step: string, packet: string | undefined) =>
  all
    .filter((r) => r.to_team === team && r.rated_step === step && samePacket(r.rated_packet, packet))
    .sort((a, b) => a.rated_round - b.rated_round || a.rating_agent.localeCompare(b.rating_agent));
