import type { Bus } from "@flotilla/bus";
import { listLedgers, readLedger, type Ledger } from "@flotilla/ledger";

/** Where the pages read model usage from: `@flotilla/ledger` over KV `ledger`. */
export interface LedgerSource {
  read(taskId: string): Promise<Ledger | undefined>;
  list(limit: number): Promise<Ledger[]>;
}

/**
 * The model-usage ledger, read as the dashboard user (it may read KV `ledger`, never write it).
 *
 * @example
 * const ledger = ledgerSource(bus);
 * console.log(await ledger.list(20));
 */
export function ledgerSource(bus: Bus): LedgerSource {
  return { read: (taskId) => readLedger(bus, taskId), list: (limit) => listLedgers(bus, limit) };
}
