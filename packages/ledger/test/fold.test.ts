import { describe, expect, it } from "vitest";
import { LEDGER_FOLDED_MAX, LEDGER_LINES_MAX, LedgerRecord } from "@flotilla/contracts";
import { foldMetrics, ledgerKey, ledgerOf, type FoldedMetrics } from "../src/index.ts";
import { call } from "./helpers.ts";

const foldAll = (calls: FoldedMetrics[]) =>
  calls.reduce<LedgerRecord | undefined>((record, m) => foldMetrics(record, m), undefined)!;

describe("folding AgentMetrics into a task's ledger", () => {
  it("adds up calls, tokens, latency, retries and fallbacks per team, agent and serving model", () => {
    const record = foldAll([
      call({ latency_ms: 100.4 }),
      call({ latency_ms: 250.6, retries: 2, input_tokens: 20, output_tokens: 5 }),
      call({ team: "qa", agent: "tester", served_provider: "anthropic", served_model: "claude-y", fallbacks: 1 }),
    ]);
    expect(LedgerRecord.parse(record)).toEqual(record);
    const ledger = ledgerOf(record);
    expect(ledger.lines).toEqual([
      expect.objectContaining({
        team: "development",
        agent: "coder",
        provider: "openai",
        model: "gpt-x",
        calls: 2,
        ok: 2,
        input_tokens: 31,
        output_tokens: 12,
        latency_ms: 100 + 251,
        latency_max_ms: 251,
        retries: 2,
      }),
      expect.objectContaining({ team: "qa", provider: "anthropic", model: "claude-y", calls: 1, fallbacks: 1 }),
    ]);
    expect(ledger.totals).toEqual({
      calls: 3,
      ok: 3,
      failed: 0,
      input_tokens: 42,
      output_tokens: 19,
      latency_ms: 451,
      latency_max_ms: 251,
      retries: 2,
      fallbacks: 1,
    });
    expect(ledger.models).toEqual(["openai/gpt-x", "anthropic/claude-y"]);
    expect(ledger).not.toHaveProperty("folded");
  });

  it("counts a re-delivered message (same message id) once", () => {
    const first = call();
    const once = foldAll([first, call()]);
    const again = foldMetrics(once, first);
    expect(again).toBe(once);
    expect(ledgerOf(again).totals.calls).toBe(2);
  });

  it("remembers the latest LEDGER_FOLDED_MAX ids only, so the record stays bounded", () => {
    const calls = Array.from({ length: LEDGER_FOLDED_MAX + 5 }, () => call());
    const record = foldAll(calls);
    expect(record.folded).toHaveLength(LEDGER_FOLDED_MAX);
    expect(record.folded.at(-1)).toBe(calls.at(-1)!.message_id);
    expect(ledgerOf(foldMetrics(record, calls.at(-1)!)).totals.calls).toBe(LEDGER_FOLDED_MAX + 5);
  });

  it("counts failed calls as calls without tokens, under the model they were bound to", () => {
    const ledger = ledgerOf(
      foldAll([call(), call({ ok: false, input_tokens: 0, output_tokens: 0, retries: 3, latency_ms: 900 })]),
    );
    expect(ledger.lines).toHaveLength(1);
    expect(ledger.totals).toMatchObject({ calls: 2, ok: 1, failed: 1, input_tokens: 11, retries: 3 });
    // A model only failing is not one that served.
    const failedOnly = ledgerOf(foldAll([call({ ok: false, provider: "groq", model: "llama", input_tokens: 0 })]));
    expect(failedOnly.models).toEqual([]);
  });

  it("keeps calls outside any task under the UTC day they were made", () => {
    const untasked = call({ task_id: undefined, timestamp: "2026-11-27T23:59:59.000Z" });
    expect(ledgerKey(untasked)).toBe("untasked-2026-11-27");
    const record = foldAll([untasked, call({ task_id: undefined, timestamp: "2026-11-27T08:00:00.000Z" })]);
    expect(record).toMatchObject({ key: "untasked-2026-11-27", first_at: "2026-11-27T08:00:00.000Z" });
    expect(record.task_id).toBeUndefined();
    // A task id that could not be a KV key names no task of the fleet.
    expect(ledgerKey(call({ task_id: "a task?" }))).toBe("untasked-2026-11-27");
    expect(ledgerKey(call())).toBe("6f1c7d9e-0000-4000-8000-000000000001");
  });

  it("counts calls beyond LEDGER_LINES_MAX lines in `other`, so totals stay exact", () => {
    const calls = Array.from({ length: LEDGER_LINES_MAX + 3 }, (_, i) => call({ agent: `agent-${i}` }));
    const record = foldAll(calls);
    expect(LedgerRecord.parse(record).lines).toHaveLength(LEDGER_LINES_MAX);
    expect(record.other).toMatchObject({ calls: 3, input_tokens: 33 });
    expect(ledgerOf(record).totals.calls).toBe(LEDGER_LINES_MAX + 3);
  });
});
