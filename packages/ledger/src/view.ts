import type { LedgerCounts, LedgerLine, LedgerRecord } from "@flotilla/contracts";
import { addCounts, zeroCounts } from "./fold.ts";

/** A task's ledger as it is read: its lines, their totals and the models that served. */
export interface Ledger {
  key: string;
  task_id?: string;
  first_at: string;
  last_at: string;
  /** One per team, agent and serving model, in the order of their first call. */
  lines: LedgerLine[];
  /** Calls counted beyond the itemized lines (LEDGER_LINES_MAX), when there were any. */
  other?: LedgerCounts;
  totals: LedgerCounts;
  /** `provider/model` of every model that answered at least one call, most calls first. */
  models: string[];
}

/** Every line and `other`, added up. */
export function totalsOf(record: Pick<LedgerRecord, "lines" | "other">): LedgerCounts {
  const lines = record.lines.reduce<LedgerCounts>((sum, line) => addCounts(sum, line), zeroCounts());
  return record.other ? addCounts(lines, record.other) : lines;
}

/** `provider/model` of the models that answered, most answered calls first. */
export function servedModels(lines: readonly LedgerLine[]): string[] {
  const answered = new Map<string, number>();
  for (const line of lines) {
    const name = `${line.provider}/${line.model}`;
    if (line.ok > 0) answered.set(name, (answered.get(name) ?? 0) + line.ok);
  }
  return [...answered].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);
}

/** The stored record as people and the dashboard read it (the remembered message ids left out). */
export function ledgerOf(record: LedgerRecord): Ledger {
  const { folded: _folded, ...rest } = record;
  return { ...rest, totals: totalsOf(record), models: servedModels(record.lines) };
}
