import { z } from "zod";
import { Iso, TeamName } from "./common.ts";
import { MAX } from "./limits.ts";

const count = z.number().int().min(0);

/** What the ledger adds up from `AgentMetrics`, per line and per task: visibility, not budgets. */
export const LedgerCounts = z.object({
  calls: count,
  ok: count,
  failed: count,
  /** As the provider reported them (a call's re-asks included: all of it was billed). */
  input_tokens: count,
  output_tokens: count,
  /** Whole milliseconds summed over the calls; the mean is `latency_ms / calls`. */
  latency_ms: count,
  latency_max_ms: count,
  retries: count,
  fallbacks: count,
});
export type LedgerCounts = z.infer<typeof LedgerCounts>;

/** One agent of one team on the provider and model that served its calls. */
export const LedgerLine = LedgerCounts.extend({
  team: TeamName,
  agent: z.string().max(MAX.id),
  provider: z.string().max(MAX.id),
  model: z.string().max(MAX.id),
});
export type LedgerLine = z.infer<typeof LedgerLine>;

/** Lines a record itemizes; calls of further team/agent/model combinations count in `other` only. */
export const LEDGER_LINES_MAX = 200;
/** Message ids a record remembers (the most recent), so a re-delivered call is not counted twice. */
export const LEDGER_FOLDED_MAX = 1_000;

/**
 * KV `ledger`, one per task (key: the task id) or per day for calls outside any task (key:
 * `untasked-<yyyy-mm-dd>`, UTC): the model calls of every team, folded from
 * `metrics.agent.<team>.<agent>`. The totals are the sum of `lines` and `other`.
 */
export const LedgerRecord = z.object({
  key: z.string().max(MAX.id),
  task_id: z.string().max(MAX.id).optional(),
  /** Timestamps of the earliest and latest call folded. */
  first_at: Iso,
  last_at: Iso,
  lines: z.array(LedgerLine).max(LEDGER_LINES_MAX),
  /** Calls beyond LEDGER_LINES_MAX lines: counted, not itemized. */
  other: LedgerCounts.optional(),
  /** The ids of the latest calls folded, oldest first. */
  folded: z.array(z.string().max(MAX.id)).max(LEDGER_FOLDED_MAX),
});
export type LedgerRecord = z.infer<typeof LedgerRecord>;
