import { describe, expect, it } from "vitest";
import { foldMetrics, ledgerOf, renderLedger, renderLedgerList, totalsText } from "../src/index.ts";
import { call } from "./helpers.ts";

const ledger = ledgerOf(
  [
    call(),
    call({ team: "leadership", agent: "tech_lead", latency_ms: 1_499.6 }),
    call({ ok: false, input_tokens: 0 }),
  ].reduce((record, m) => foldMetrics(record, m), foldMetrics(undefined, call())),
);

describe("the ledger as text", () => {
  it("gives a line per team, agent and serving model, leadership first, then the total", () => {
    const text = renderLedger(ledger);
    const lines = text.split("\n");
    expect(lines[0]).toContain(`Ledger of task ${ledger.task_id}`);
    expect(lines[2]).toMatch(/^ {2}leadership\s+tech_lead\s+openai\/gpt-x\s+1\s+0\s+11\s+7\s+1\.5 s/);
    expect(lines[3]).toMatch(/^ {2}development\s+coder\s+openai\/gpt-x\s+3\s+1\s+22\s+21\b/);
    expect(lines[4]).toMatch(/^ {2}total\s+1 model\s+4\s+1\s+33\s+28\s+1\.8 s\s+1\.5 s\s+0\s+0$/);
    expect(lines.at(-1)).toBe("  models: openai/gpt-x");
  });

  it("says a task's totals in one line, and lists tasks a line each", () => {
    expect(totalsText(ledger.totals, ledger.models)).toBe(
      "4 calls (1 failed), tokens 33 in / 28 out, latency 1.8 s (max 1.5 s), 0 retries, 0 fallbacks; models openai/gpt-x",
    );
    const list = renderLedgerList([ledger]).split("\n");
    expect(list[0]).toMatch(/^task\s+last call \(UTC\)\s+calls\s+failed\s+tokens in\s+tokens out/);
    expect(list[1]).toMatch(
      new RegExp(`^${ledger.key}\\s+2026-11-27 10:00:00\\s+4\\s+1\\s+33\\s+28\\b.*openai/gpt-x$`),
    );
    expect(renderLedgerList([])).toBe("no model calls counted yet");
  });
});
