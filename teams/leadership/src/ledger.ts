import { LEDGER_SUBJECT, startLedgerConsumer } from "@flotilla/ledger";
import type { Consumer } from "@flotilla/team-runtime";

/**
 * The ledger: every model call of the fleet (`metrics.agent.*`) folded per task, team, agent and
 * serving model into KV `ledger` (@flotilla/ledger). Declared with the handlers because it holds
 * leadership's durable consumer of the catalogue row, shared by every instance; its folds are
 * bookkeeping, not work, so they stay out of the health counters and the failure records.
 */
export const ledger: Consumer = {
  consumes: LEDGER_SUBJECT,
  subscribe: (ctx) => startLedgerConsumer(ctx.bus, ctx.logger),
};
