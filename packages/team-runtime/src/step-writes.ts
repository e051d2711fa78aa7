import type { KnowledgeStore } from "@flotilla/knowledge";
import type { Logger } from "@flotilla/log";
import { messageWithCause } from "@flotilla/errors";
import type { Point } from "./records.ts";

/** Where failure records go (SPEC §10): analytics, which must never fail the work they describe. */
export const FAILURE_COLLECTION = "failure_analytics";

/**
 * The Qdrant points one step writes — ballots, ratings, quality records, failure records —
 * gathered so that each collection gets one upsert and every collection's goes out at once, at
 * the end of the step, still before its result is published and its message acked. Their ids
 * are deterministic, so a re-delivered step writes the same points again, never new ones.
 *
 * @example
 * const writes = stepWrites(ctx);
 * writes.add("team_votes", ballots);
 * writes.add("quality_metrics", records);
 * await writes.flush(); // two upserts, side by side
 */
export interface StepWrites {
  add(collection: string, points: readonly Point[]): void;
  /** Writes what was gathered (one upsert per collection, all at once) and starts a new batch. */
  flush(): Promise<void>;
}

export function stepWrites(ctx: {
  knowledge: Pick<KnowledgeStore, "upsert">;
  logger: Pick<Logger, "warn">;
}): StepWrites {
  // By id: a point added twice (a record re-made in the same step) is written once, as last made.
  let pending = new Map<string, Map<string, Point>>();
  return {
    add(collection, points) {
      const byId = pending.get(collection) ?? new Map<string, Point>();
      for (const point of points) byId.set(point.id, point);
      if (byId.size) pending.set(collection, byId);
    },
    async flush() {
      const batch = pending;
      pending = new Map();
      await Promise.all(
        [...batch].map(async ([collection, byId]) => {
          const points = [...byId.values()];
          if (collection !== FAILURE_COLLECTION) return ctx.knowledge.upsert(collection, points);
          await ctx.knowledge
            .upsert(collection, points)
            .catch((err: unknown) =>
              ctx.logger.warn({ err: messageWithCause(err), records: points.length }, "failure records not written"),
            );
        }),
      );
    },
  };
}
