import type { Bus } from "@flotilla/bus";
import { LedgerRecord, type KV_BUCKETS } from "@flotilla/contracts";
import { foldMetrics, ledgerKey, type FoldedMetrics } from "./fold.ts";
import { ledgerOf, type Ledger } from "./view.ts";

/** The KV bucket (in KV_BUCKETS); only leadership writes it. */
export const LEDGER_BUCKET = "ledger" satisfies (typeof KV_BUCKETS)[number];

/** A stored record, validated; one that no longer parses is reported, not trusted. */
function parsed(key: string, raw: unknown): LedgerRecord {
  const record = LedgerRecord.safeParse(raw);
  if (!record.success) throw new Error(`ledger ${key} does not parse as a LedgerRecord: ${record.error.message}`);
  return record.data;
}

/**
 * Folds one call into its task's record: a revision-checked read-modify-write, so concurrent
 * consumers (several leadership instances, several calls of one task) never lose each other's counts.
 */
export async function foldInto(bus: Pick<Bus, "updateJson">, m: FoldedMetrics): Promise<LedgerRecord> {
  const key = ledgerKey(m);
  // A record this process wrote (or folded in the same write) is taken as it is: foldMetrics is
  // pure, and what it makes is a LedgerRecord. Anyone else's is validated.
  return bus.updateJson<LedgerRecord>(LEDGER_BUCKET, key, (old, ours) =>
    foldMetrics(old === undefined ? undefined : ours ? old : parsed(key, old), m),
  );
}

/**
 * A task's ledger (or a day's calls outside tasks, by `untasked-<yyyy-mm-dd>`); undefined when
 * no call of it has been counted.
 *
 * @example
 * const ledger = await readLedger(bus, taskId);
 * if (ledger) console.log(ledger.totals.input_tokens, ledger.models);
 */
export async function readLedger(bus: Pick<Bus, "getJson">, taskId: string): Promise<Ledger | undefined> {
  const raw = await bus.getJson<unknown>(LEDGER_BUCKET, taskId);
  return raw === undefined ? undefined : ledgerOf(parsed(taskId, raw));
}

/**
 * The ledgers of the most recently active tasks (latest call first), `limit` of them. A record
 * that cannot be read is left out rather than failing the list.
 *
 * @example
 * for (const l of await listLedgers(bus, 10)) console.log(l.key, l.totals.calls);
 */
export async function listLedgers(bus: Pick<Bus, "getJson" | "keys">, limit = 20): Promise<Ledger[]> {
  const keys = await bus.keys(LEDGER_BUCKET);
  const ledgers = await Promise.all(keys.map((key) => readLedger(bus, key).catch(() => undefined)));
  return ledgers
    .filter((l): l is Ledger => l !== undefined)
    .sort((a, b) => Date.parse(b.last_at) - Date.parse(a.last_at))
    .slice(0, Math.max(0, limit));
}
