import { randomUUID } from "node:crypto";
import type { QualityRecord } from "@flotilla/contracts";
import type { LeaderboardRow } from "../src/index.ts";

/** A valid quality record: feature/typescript, lead developer, development, openai/model-x. */
export function record(over: Partial<QualityRecord> = {}): QualityRecord {
  return {
    kind: "quality",
    source: "validation",
    task_id: randomUUID(),
    step: "implement",
    round: 1,
    task_type: "feature/typescript",
    team: "development",
    agent: "lead",
    role: "lead developer",
    provider: "openai",
    model: "model-x",
    simulated: false,
    dimensions: {},
    evidence: {},
    recorded_by: "development",
    timestamp: new Date("2026-11-27T10:00:00Z").toISOString(),
    ...over,
  };
}

/** `count` records of a model, each with this correctness. */
export function scored(
  model: string,
  correctness: number,
  count: number,
  over: Partial<QualityRecord> = {},
): QualityRecord[] {
  return Array.from({ length: count }, () =>
    record({ model, dimensions: { correctness: { value: correctness, basis: "tests" } }, ...over }),
  );
}

/** A usage record of a model with this latency and token count. */
export function usage(
  model: string,
  latency_ms: number,
  tokens: number,
  over: Partial<QualityRecord> = {},
): QualityRecord {
  return record({ model, source: "usage", evidence: { latency_ms, tokens }, ...over });
}

/** The row of a model in rows. */
export function rowOf(rows: readonly LeaderboardRow[], model: string): LeaderboardRow {
  const row = rows.find((r) => r.model === model);
  if (!row) throw new Error(`no row for ${model}`);
  return row;
}
