import { randomUUID } from "node:crypto";
import { envelope } from "@flotilla/contracts";
import type { Bus } from "@flotilla/bus";
import type { KnowledgeStore } from "@flotilla/knowledge";
import type { OpCounts } from "./counters.ts";
import { KNOWLEDGE_COLLECTIONS } from "@flotilla/team-runtime";

/**
 * A bare client doing what one task costs in I/O, with no orchestration: the same count of
 * JetStream publish+ack (message and object-store messages), KV puts, Qdrant upserts and
 * knowledge searches (in parallel per step, as the runtime does).
 * Returns the milliseconds it took.
 */
export async function bareClient(bus: Bus, knowledge: KnowledgeStore, ops: OpCounts): Promise<number> {
  const taskId = randomUUID();
  const started = performance.now();
  const publishes = Math.round(ops.publishes + ops.objectMessages);
  for (let i = 0; i < publishes; i++) {
    await bus.publish("metrics.workflow.progress", {
      ...envelope({ sender: { team: "leadership", agent: "bench", instance_id: "bench" } }),
      task_id: taskId,
      team: "leadership",
      step: "plan",
      phase: "done",
      detail: "x".repeat(400),
      progress: 0.5,
    });
  }
  for (let i = 0; i < Math.round(ops.kvPuts); i++)
    await bus.putJson("environment_config", `bench-${i % 16}`, { i, pad: "x".repeat(800) });
  const calls = Math.max(1, Math.round(ops.upsertCalls));
  const perCall = Math.max(1, Math.round(ops.points / calls));
  for (let c = 0; c < calls; c++) {
    await knowledge.upsert(
      "quality_metrics",
      Array.from({ length: perCall }, (_, i) => ({
        id: randomUUID(),
        text: `bench ballot ${c} ${i} the agent approves the candidate with a rationale`,
        payload: { kind: "bench", task_id: taskId, i },
      })),
    );
  }
  const perStep = KNOWLEDGE_COLLECTIONS.length;
  for (let s = 0; s < Math.round(ops.searches / perStep); s++) {
    await Promise.all(
      KNOWLEDGE_COLLECTIONS.map((c) =>
        knowledge.search(c, "bench task step retrieval of principles", { limit: 4 }).catch(() => []),
      ),
    );
  }
  return performance.now() - started;
}
