import { listLedgers, readLedger, renderLedger, renderLedgerList } from "@flotilla/ledger";
import { cliBus } from "../connect.ts";
import { note, out } from "../say.ts";

export interface LedgerFlags {
  json?: boolean;
  limit?: string;
}

/**
 * `flotilla ledger [TASK] [--limit N] [--json]`: what the fleet's model calls cost, from KV
 * ledger (folded by leadership from metrics.agent.*). With a task id: a line per team, agent and
 * serving model, then the total; without: the most recently active tasks, a line each.
 */
export async function runLedger(taskId: string | undefined, flags: LedgerFlags): Promise<number> {
  const limit = Number(flags.limit ?? "20");
  if (!Number.isSafeInteger(limit) || limit < 1) {
    note(`--limit must be a whole number of tasks, at least 1 (got ${JSON.stringify(flags.limit)})`);
    return 1;
  }
  const bus = await cliBus();
  try {
    if (taskId === undefined) {
      const ledgers = await listLedgers(bus, limit);
      out(flags.json ? JSON.stringify(ledgers, null, 2) : renderLedgerList(ledgers));
      return 0;
    }
    const ledger = await readLedger(bus, taskId);
    if (!ledger) {
      note(`no model calls counted for ${taskId}: not a task of this fleet, or none of its calls folded yet`);
      return 1;
    }
    out(flags.json ? JSON.stringify(ledger, null, 2) : renderLedger(ledger));
    return 0;
  } finally {
    await bus.close();
  }
}
