import { setTimeout as sleep } from "node:timers/promises";
import type { Bus } from "@flotilla/bus";
import type { KnowledgeStore } from "@flotilla/knowledge";
import type { TeamHealth } from "@flotilla/contracts";
import { submitTask, type Outcome } from "../task-runner.ts";
import { outsideTasks, profilesSettled, readProfiles, since, taskProfile, type IoProfile } from "./counters.ts";
import { bareClient } from "./baseline.ts";
import { bareClientSetup } from "./baseline-setup.ts";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function run(bus: Bus, text: string): Promise<{ ms: number; o: Outcome }> {
  const started = performance.now();
  const o = await submitTask(bus, text, { timeoutMs: 300_000 });
  if (!o || o.status !== "completed") throw new Error(`bench task did not complete: ${o?.status ?? "timeout"}`);
  return { ms: performance.now() - started, o };
}

/** What each task spent in git and sandboxed runs, and in model calls, as the teams timed it. */
const workOf = (profileDir: string, taskIds: string[]) => {
  const files = readProfiles(profileDir);
  return taskIds.map((id) => {
    const w = taskProfile(files, [id]).workMs;
    return { real: w.repository + w.sandbox, model: w.model };
  });
};

/** After a task, what it leaves running (the ledger's window, a clone's removal) is over by then. */
const quiet = () => sleep(300);

/**
 * Zero-latency model: each task's time, less what the teams timed in it besides I/O (git,
 * sandboxed runs, the simulated model calls), next to a bare client doing exactly the I/O the
 * teams counted for a task. A first round of `tasks` gives that count; in a second round each
 * task is followed (once it is quiet) by one run of the bare client, so both are timed on the
 * machine as it is at that moment: a shared machine's speed drifts over a minute.
 */
export async function overhead(bus: Bus, knowledge: KnowledgeStore, tasks: number, profileDir: string) {
  await run(bus, "warm-up task");
  await profilesSettled();
  const outsideBefore = outsideTasks(readProfiles(profileDir));
  const started = performance.now();
  const counted: string[] = [];
  for (let i = 0; i < tasks; i++) counted.push((await run(bus, `Add helper ${i}`)).o.task_id);
  const seconds = (performance.now() - started) / 1000;
  await profilesSettled();
  const files = readProfiles(profileDir);
  const profile: IoProfile = taskProfile(files, counted);
  const outside = { io: since(outsideTasks(files), outsideBefore), seconds };

  const client = await bareClientSetup(bus, knowledge, collectionsOf(profile));
  await bareClient(client, profile); // warm-up
  const rows: Array<{ ms: number; id: string }> = [];
  const bare: number[] = [];
  let did: Record<string, number> = {};
  for (let i = 0; i < tasks; i++) {
    const r = await run(bus, `Add timed helper ${i}`);
    rows.push({ ms: r.ms, id: r.o.task_id });
    await quiet();
    const b = await bareClient(client, profile);
    bare.push(b.ms);
    did = b.did;
  }
  await profilesSettled();
  const ids = rows.map((r) => r.id);
  const work = workOf(profileDir, ids);
  const orchestration = rows.map((r, i) => r.ms - work[i]!.real - work[i]!.model);
  return {
    fleetMs: median(rows.map((r) => r.ms)),
    workMs: median(work.map((w) => w.real)),
    modelMs: median(work.map((w) => w.model)),
    orchestrationMs: median(orchestration),
    bareMs: median(bare),
    profile,
    did,
    /** What the processes did meanwhile outside any task (health, idle pulls), per second. */
    outside,
  };
}

/** The collections the task wrote to (the bare client writes to a copy of each). */
const collectionsOf = (p: IoProfile) => [
  ...new Set(
    Object.keys(p.io)
      .filter((key) => key.startsWith("qdrant."))
      .map((key) => key.split(" ")[1]!),
  ),
];

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

/**
 * With a fixed latency per model call: each task's wall time next to its critical path, which is
 * the model latency of its critical calls plus the real work (git, sandbox) the teams timed in it.
 */
export async function latencyBound(bus: Bus, latencyMs: number, tasks: number, profileDir: string) {
  await run(bus, "latency warm-up task"); // a fresh fleet: its first task pays for loading and compiling
  const rows: Array<{ wallMs: number; modelMs: number; id: string }> = [];
  for (let i = 0; i < tasks; i++) {
    const r = await run(bus, `Add latency helper ${i}`);
    rows.push({ wallMs: r.ms, modelMs: criticalCalls(r.o) * latencyMs, id: r.o.task_id });
  }
  await profilesSettled();
  const work = workOf(
    profileDir,
    rows.map((r) => r.id),
  ).map((w) => w.real);
  const criticalMs = rows.map((r, i) => r.modelMs + work[i]!);
  return {
    wallMs: median(rows.map((r) => r.wallMs)),
    modelMs: median(rows.map((r) => r.modelMs)),
    workMs: median(work),
    criticalMs: median(criticalMs),
    ratio: median(rows.map((r, i) => r.wallMs / criticalMs[i]!)),
  };
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
