import { ids, ITEMS, Rating, type RatingSummary, type StepCoordinates, type WorkRef } from "@flotilla/contracts";
import type { TeamContext } from "./types.ts";
import { producerOf } from "./agents.ts";
import { ratingPoint, type Point } from "./records.ts";
import { qualityPoint } from "./quality/quality-records.ts";
import { excerpt } from "./text.ts";
import type { StepWrites } from "./step-writes.ts";

export interface ReceivedWork {
  ref: WorkRef;
  content: unknown;
}

/**
 * SPEC §7: every agent of the receiving team approves or rejects the work and rates it. The
 * team accepts when the approvals reach the consensus threshold and the mean overall rating
 * reaches QUALITY_THRESHOLD. Ratings are attributed to the producing agent and model, and go
 * into the step's `writes` (else they are written at once).
 */
export async function rateReceived(
  ctx: TeamContext,
  coords: StepCoordinates,
  taskText: string,
  work: ReceivedWork[],
  taskType: string,
  writes?: Pick<StepWrites, "add">,
): Promise<RatingSummary | undefined> {
  if (!ctx.config.CROSS_TEAM_RATING_ENABLED || work.length === 0) return undefined;
  const points: Point[] = [];
  const all: Rating[] = [];
  const ratingIds: string[] = [];
  for (const item of work) {
    const prompt = [
      `Rate the ${item.ref.step} work you received from the ${item.ref.produced_by.team} team ` +
        "(0-1 per dimension) and approve or reject it.",
      `Task: ${taskText}`,
      "Work:",
      excerpt(item.content),
    ].join("\n\n");
    const ratings = await Promise.all(
      ctx.agents.map(async (agent) => {
        const res = await agent.ask({
          schema: Rating,
          schemaName: "Rating",
          prompt,
          context: {
            kind: "rate",
            step: coords.step,
            taskId: coords.taskId,
            taskText,
            round: coords.round,
            packet: coords.packet,
          },
        });
        const output = res.output;
        const id = ids.rating(
          coords,
          agent.spec.name,
          `${item.ref.packet_id ?? ""}:${item.ref.step}:${item.ref.round}`,
        );
        points.push(ratingPoint(coords, id, producerOf(agent, res), item.ref, output));
        ratingIds.push(id);
        return output;
      }),
    );
    points.push(peerRatingPoint(coords, taskType, item.ref, ratings));
    all.push(...ratings);
  }
  // Ratings and the quality records are written before the message is acked.
  const byCollection: Array<[string, Point[]]> = [
    ["cross_team_ratings", points.filter((p) => p.payload.kind === "rating")],
    ["quality_metrics", points.filter((p) => p.payload.kind === "quality")],
  ];
  if (writes) for (const [collection, some] of byCollection) writes.add(collection, some);
  else await Promise.all(byCollection.map(([collection, some]) => ctx.knowledge.upsert(collection, some)));
  const approvals = all.filter((r) => r.approved).length / all.length;
  const overall = all.reduce((s, r) => s + r.ratings.overall, 0) / all.length;
  const first = work[0]!.ref.produced_by.team;
  return {
    from_team: ctx.team,
    to_team: first,
    approved: approvals >= ctx.config.TEAM_VOTING_MIN_CONSENSUS && overall >= ctx.config.QUALITY_THRESHOLD,
    approval_ratio: approvals,
    overall: Number(overall.toFixed(3)),
    rating_ids: ratingIds,
    // Within a message's limits; every rating is whole in cross_team_ratings.
    feedback: [
      ...new Set(
        all.filter((r) => !r.approved || r.ratings.overall < ctx.config.QUALITY_THRESHOLD).map((r) => r.feedback),
      ),
    ].slice(0, ITEMS.some),
    issues: all
      .flatMap((r) => r.issues_found.map((i) => ({ ...i, type: "quality" as const, reproduction_steps: [] })))
      .slice(0, ITEMS.some),
  };
}

/**
 * The receiving team's ratings as a `peer_rating` quality record of the producer: clarity is the
 * raters' documentation score; the overall rating and approvals are kept as evidence, next to
 * what the sandbox measured (opinions never stand in for a measurement).
 */
function peerRatingPoint(coords: StepCoordinates, taskType: string, work: WorkRef, ratings: Rating[]): Point {
  const mean = (pick: (r: Rating) => number) => ratings.reduce((sum, r) => sum + pick(r), 0) / ratings.length;
  const place = { taskId: coords.taskId, taskType, step: work.step, round: work.round, packet: work.packet_id };
  return qualityPoint(place, work.produced_by, coords, {
    source: "peer_rating",
    dimensions: {
      clarity: {
        value: Number(mean((r) => r.ratings.documentation).toFixed(3)),
        basis: `documentation rated by ${ratings.length} ${coords.team} agent(s)`,
      },
    },
    evidence: {
      overall: Number(mean((r) => r.ratings.overall).toFixed(3)),
      quality: Number(mean((r) => r.ratings.quality).toFixed(3)),
      approvals: ratings.filter((r) => r.approved).length,
      raters: ratings.length,
    },
  });
}
