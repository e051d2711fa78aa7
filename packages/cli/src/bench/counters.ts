import type { Bus } from "@flotilla/bus";
import { busInternals } from "@flotilla/bus/internals";
import { REQUIRED_COLLECTIONS } from "@flotilla/contracts";
import type { KnowledgeStore } from "@flotilla/knowledge";

export interface OpCounts {
  /** Messages stored by JetStream in message streams (each one a publish + ack). */
  publishes: number;
  /** KV puts (messages in KV_* streams). */
  kvPuts: number;
  /** Object store chunk and meta messages (OBJ_* streams), also publish + ack each. */
  objectMessages: number;
  /** Points written to Qdrant, and the upsert calls that wrote them. */
  points: number;
  upsertCalls: number;
  /** Knowledge searches (retrieval before each step: one per knowledge collection). */
  searches: number;
}

/** Messages written to every stream, split into message streams, KV buckets and object stores. */
export async function streamTotals(bus: Bus): Promise<Pick<OpCounts, "publishes" | "kvPuts" | "objectMessages">> {
  const t = { publishes: 0, kvPuts: 0, objectMessages: 0 };
  // Stream statistics are an operator's view, not part of the Bus seam teams and the CLI work
  // through: the bench opens it through the admin subpath, as tests do.
  const { jsm } = busInternals(bus);
  for await (const s of jsm.streams.list()) {
    // last_seq counts every write, even those a KV history limit or a rollup has since removed.
    const n = s.state.last_seq;
    if (s.config.name.startsWith("KV_")) t.kvPuts += n;
    else if (s.config.name.startsWith("OBJ_")) t.objectMessages += n;
    else t.publishes += n;
  }
  return t;
}

/**
 * Qdrant writes of one task: its points, and the upsert calls that wrote them (the runtime writes
 * one call per collection per step, packet and round, so the distinct (collection, team, step, packet, round)).
 */
export async function qdrantWrites(
  knowledge: KnowledgeStore,
  taskId: string,
): Promise<Pick<OpCounts, "points" | "upsertCalls">> {
  let points = 0;
  const calls = new Set<string>();
  // The collections the runtime writes while a task runs.
  for (const c of REQUIRED_COLLECTIONS) {
    const rows = await knowledge.list(c, { task_id: taskId });
    points += rows.length;
    for (const { payload } of rows) {
      calls.add(
        `${c}|${payload.team}|${payload.step ?? payload.rated_by ?? ""}|${payload.packet_id ?? ""}|${payload.round ?? ""}|` +
          `${payload.from_team ?? ""}`,
      );
    }
  }
  return { points, upsertCalls: calls.size };
}
