import type { Bus } from "@flotilla/bus";
import type { KnowledgeStore } from "@flotilla/knowledge";
import type { TeamHealth } from "@flotilla/contracts";
import { submitTask, type Outcome } from "../task-runner.ts";
import { qdrantWrites, streamTotals, type OpCounts } from "./counters.ts";
import { bareClient } from "./baseline.ts";
import { KNOWLEDGE_COLLECTIONS } from "@flotilla/team-runtime";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function run(bus: Bus, text: string): Promise<{ ms: number; o: Outcome }> {
  const started = performance.now();
  const o = await submitTask(bus, text, { timeoutMs: 300_000 });
  if (!o || o.status !== "completed") throw new Error(`bench task did not complete: ${o?.status ?? "timeout"}`);
  return { ms: performance.now() - started, o };
}

/** Zero-latency model: orchestration time per task next to a bare client doing the same I/O. */
export async function overhead(bus: Bus, knowledge: KnowledgeStore, tasks: number) {
  await run(bus, "warm-up task");
  const before = await streamTotals(bus);
  const times: number[] = [];
  let last: Outcome | undefined;
  for (let i = 0; i < tasks; i++) {
    const r = await run(bus, `Add helper ${i}`);
    times.push(r.ms);
    last = r.o;
  }
  const after = await streamTotals(bus);
  const writes = await qdrantWrites(knowledge, last!.task_id);
  const ops: OpCounts = {
    publishes: (after.publishes - before.publishes) / tasks,
    kvPuts: (after.kvPuts - before.kvPuts) / tasks,
    objectMessages: (after.objectMessages - before.objectMessages) / tasks,
    ...writes,
    searches: last!.teams.length * KNOWLEDGE_COLLECTIONS.length,
  };
  const bare: number[] = [];
  for (let i = 0; i < tasks; i++) bare.push(await bareClient(bus, knowledge, ops));
  return { fleetMs: median(times), bareMs: median(bare), ops };
}

/** Tasks per second with `n` tasks in flight at once. */
export async function throughput(bus: Bus, n: number) {
  const started = performance.now();
  await Promise.all(Array.from({ length: n }, (_, i) => run(bus, `Concurrent helper ${i}`)));
  return { tasks: n, seconds: (performance.now() - started) / 1000 };
}

/** Model calls on a task's critical path: per step, ratings + draft + each vote round + revisions. */
export function criticalCalls(o: Outcome): number {
  return o.teams.reduce((n, t) => n + (t.ratings_given ? 1 : 0) + 1 + t.vote.attempts + (t.vote.attempts - 1), 0);
}

/** With a fixed latency per model call: wall time next to the latency on the critical path. */
export async function latencyBound(bus: Bus, latencyMs: number, tasks: number) {
  const rows: Array<{ wallMs: number; criticalMs: number }> = [];
  for (let i = 0; i < tasks; i++) {
    const r = await run(bus, `Add latency helper ${i}`);
    rows.push({ wallMs: r.ms, criticalMs: criticalCalls(r.o) * latencyMs });
  }
  return { wallMs: median(rows.map((r) => r.wallMs)), criticalMs: median(rows.map((r) => r.criticalMs)) };
}

/** Each team's resident memory from its latest health report. */
export async function rss(bus: Bus, teams: readonly string[]) {
  return Promise.all(
    teams.map(async (team) => {
      const h = await bus.lastMessage<TeamHealth>(`team.${team}.health`);
      return { team, mb: h ? h.metrics.rss_bytes / 1e6 : NaN };
    }),
  );
}
