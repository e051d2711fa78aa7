import {
  LEDGER_FOLDED_MAX,
  LEDGER_LINES_MAX,
  type AgentMetrics,
  type LedgerCounts,
  type LedgerLine,
  type LedgerRecord,
} from "@flotilla/contracts";

/** The fields of a metrics message the ledger reads. */
export type FoldedMetrics = Pick<
  AgentMetrics,
  | "message_id"
  | "timestamp"
  | "task_id"
  | "team"
  | "agent"
  | "provider"
  | "model"
  | "served_provider"
  | "served_model"
  | "input_tokens"
  | "output_tokens"
  | "latency_ms"
  | "retries"
  | "fallbacks"
  | "ok"
>;

/** Task ids are UUIDs; anything else could not be a KV key, and names no task of the fleet. */
const TASK_KEY = /^[A-Za-z0-9_-]{1,200}$/;

/** The KV key a call is counted under: its task, or the UTC day of a call outside any task. */
export function ledgerKey(m: Pick<FoldedMetrics, "task_id" | "timestamp">): string {
  if (m.task_id && TASK_KEY.test(m.task_id)) return m.task_id;
  return `untasked-${m.timestamp.slice(0, 10)}`;
}

export const zeroCounts = (): LedgerCounts => ({
  calls: 0,
  ok: 0,
  failed: 0,
  input_tokens: 0,
  output_tokens: 0,
  latency_ms: 0,
  latency_max_ms: 0,
  retries: 0,
  fallbacks: 0,
});

/** `into` plus `add`, counter by counter (the maximum for latency_max_ms). */
export function addCounts<C extends LedgerCounts>(into: C, add: LedgerCounts): C {
  return {
    ...into,
    calls: into.calls + add.calls,
    ok: into.ok + add.ok,
    failed: into.failed + add.failed,
    input_tokens: into.input_tokens + add.input_tokens,
    output_tokens: into.output_tokens + add.output_tokens,
    latency_ms: into.latency_ms + add.latency_ms,
    latency_max_ms: Math.max(into.latency_max_ms, add.latency_max_ms),
    retries: into.retries + add.retries,
    fallbacks: into.fallbacks + add.fallbacks,
  };
}

/** One call as counts. A failed call reports no tokens: its provider answered nothing we kept. */
function countsOf(m: FoldedMetrics): LedgerCounts {
  const latency = Math.round(m.latency_ms);
  return {
    calls: 1,
    ok: m.ok ? 1 : 0,
    failed: m.ok ? 0 : 1,
    input_tokens: m.input_tokens,
    output_tokens: m.output_tokens,
    latency_ms: latency,
    latency_max_ms: latency,
    retries: m.retries,
    fallbacks: m.fallbacks,
  };
}

/** The model that answered; a call that failed (or was served by its first link) names the bound one. */
const servedBy = (m: FoldedMetrics) => ({
  provider: m.served_provider ?? m.provider,
  model: m.served_model ?? m.model,
});

/** Timestamps may carry offsets, so they are compared as instants, not as text. */
const earlier = (a: string, b: string) => Date.parse(a) < Date.parse(b);

const sameLine = (line: LedgerLine, m: FoldedMetrics) => {
  const { provider, model } = servedBy(m);
  return line.team === m.team && line.agent === m.agent && line.provider === provider && line.model === model;
};

/**
 * The record with one more call folded in. Pure, so `updateJson` may re-apply it after a
 * conflicting write. Idempotent: a call whose message id the record remembers is not counted
 * again. A message is only re-delivered when its ack was lost after the fold was written, which
 * happens within the consumer's ack wait × max deliveries of the first delivery; far fewer than
 * LEDGER_FOLDED_MAX further calls of the same task are folded in that time, so remembering the
 * latest ids is enough, and keeps the record small (one KV value, rewritten on every call).
 */
export function foldMetrics(record: LedgerRecord | undefined, m: FoldedMetrics): LedgerRecord {
  if (record?.folded.includes(m.message_id)) return record;
  const add = countsOf(m);
  const base: LedgerRecord = record ?? {
    key: ledgerKey(m),
    ...(m.task_id && ledgerKey(m) === m.task_id ? { task_id: m.task_id } : {}),
    first_at: m.timestamp,
    last_at: m.timestamp,
    lines: [],
    folded: [],
  };
  const index = base.lines.findIndex((line) => sameLine(line, m));
  const lines = [...base.lines];
  let other = base.other;
  if (index >= 0) lines[index] = addCounts(lines[index]!, add);
  else if (lines.length < LEDGER_LINES_MAX) lines.push({ team: m.team, agent: m.agent, ...servedBy(m), ...add });
  else other = addCounts(other ?? zeroCounts(), add);
  return {
    ...base,
    first_at: earlier(m.timestamp, base.first_at) ? m.timestamp : base.first_at,
    last_at: earlier(base.last_at, m.timestamp) ? m.timestamp : base.last_at,
    lines,
    ...(other ? { other } : {}),
    folded: [...base.folded, m.message_id].slice(-LEDGER_FOLDED_MAX),
  };
}
