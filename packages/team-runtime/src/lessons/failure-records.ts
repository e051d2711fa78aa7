import { outageOf } from "@flotilla/bus";
import { clipText, FailureRecord, MAX, stableId, type FailureKind } from "@flotilla/contracts";
import { isRetryable, messageWithCause } from "@flotilla/errors";
import type { KnowledgeStore } from "@flotilla/knowledge";
import type { Logger } from "@flotilla/log";
import { FAILURE_COLLECTION, type StepWrites } from "../step-writes.ts";
import type { Point } from "../records.ts";

export { FAILURE_COLLECTION };

export type FailureToRecord = Omit<FailureRecord, "kind" | "timestamp">;

/** A failure as its `failure_analytics` point: a deterministic id, so a re-delivered step records it once. */
export function failurePoint(failure: FailureToRecord): Point {
  const record = FailureRecord.parse({
    ...failure,
    reason: clipText(failure.reason, MAX.text),
    kind: "failure",
    timestamp: new Date().toISOString(),
  });
  const id = stableId(
    "failure",
    record.team,
    record.what,
    record.task_id ?? "-",
    record.step ?? "-",
    record.round ?? "-",
    record.agent ?? "-",
    record.reason,
  );
  const text = `failure ${record.failure_kind} ${record.what} ${record.team} ${record.step ?? ""}: ${record.reason}`;
  return { id, text, payload: record };
}

/**
 * Stores one classified failure in `failure_analytics` (SPEC §10): with the step's `writes`, in
 * the step's one upsert of the collection; else at once. Analytics must never fail work: a record
 * that cannot be written is logged and dropped.
 *
 * @example
 * await recordFailure(ctx, { failure_kind: "agent", what: "vote", team: ctx.team, task_id, step, round, reason });
 */
export async function recordFailure(
  ctx: { knowledge: Pick<KnowledgeStore, "upsert">; logger: Pick<Logger, "warn"> },
  failure: FailureToRecord,
  writes?: Pick<StepWrites, "add">,
): Promise<void> {
  try {
    const point = failurePoint(failure);
    if (writes) writes.add(FAILURE_COLLECTION, [point]);
    else await ctx.knowledge.upsert(FAILURE_COLLECTION, [point]);
  } catch (err) {
    ctx.logger.warn(
      { err: messageWithCause(err), team: failure.team, what: failure.what, task_id: failure.task_id },
      "failure record not written",
    );
  }
}

/**
 * How an error is classified, as `team.<team>.error` does: a dependency that is down (Qdrant,
 * NATS, a provider whose circuit is open) is `dependency`; what may pass on a later try
 * (`isRetryable`) is `transient`; the rest `permanent`. `agent` failures (a rejected vote,
 * failing tests) are the caller's to name: no error says so.
 *
 * @example
 * failureKindOf(new KnowledgeError("down", { operation: "search", isRetryable: true })); // "dependency"
 */
export function failureKindOf(err: unknown): FailureKind {
  if (outageOf(err)) return "dependency";
  return isRetryable(err) ? "transient" : "permanent";
}
