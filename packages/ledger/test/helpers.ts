import { randomUUID } from "node:crypto";
import type { FoldedMetrics } from "../src/index.ts";

/** One successful call of development's coder on openai/gpt-x, for task `task_id` (or none). */
export function call(over: Partial<FoldedMetrics> = {}): FoldedMetrics {
  return {
    message_id: randomUUID(),
    timestamp: "2026-11-27T10:00:00.000Z",
    task_id: "6f1c7d9e-0000-4000-8000-000000000001",
    team: "development",
    agent: "coder",
    provider: "openai",
    model: "gpt-x",
    input_tokens: 11,
    output_tokens: 7,
    latency_ms: 100.4,
    retries: 0,
    fallbacks: 0,
    ok: true,
    ...over,
  };
}
