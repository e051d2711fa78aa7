export { foldMetrics, ledgerKey, addCounts, zeroCounts, type FoldedMetrics } from "./fold.ts";
export { ledgerOf, totalsOf, servedModels, type Ledger } from "./view.ts";
export { LEDGER_BUCKET, foldInto, readLedger, listLedgers } from "./store.ts";
export { LEDGER_SUBJECT, startLedgerConsumer, type LedgerConsumerOptions } from "./consumer.ts";
export { renderLedger, renderLedgerList, totalsText, duration } from "./render.ts";
