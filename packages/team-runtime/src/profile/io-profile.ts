import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { subscribe } from "node:diagnostics_channel";
import type { BusMeter } from "@flotilla/bus";
import type { KnowledgeMeter } from "@flotilla/knowledge";
import { logFields } from "@flotilla/log";
import { SANDBOX_RUN_CHANNEL } from "@flotilla/testrun";

/**
 * What a task spends time on besides its I/O: git in its repository and clones, runs in the
 * sandbox, and its model calls (the simulated provider's own work, under the bench).
 */
export type WorkKind = "repository" | "sandbox" | "model";

export interface IoTally {
  calls: number;
  /** Points written or read (Qdrant), 0 for NATS. */
  items: number;
  bytes: number;
}

/** One task's I/O as one process saw it (`nats.<op> <target>` or `qdrant.<op> <collection>`), and its real work. */
export interface TaskIo {
  io: Record<string, IoTally>;
  work_ms: Partial<Record<WorkKind, number>>;
  /**
   * CPU time of the task's sandboxed runs, from their cgroups: their processes are no one's
   * children once bubblewrap is gone, so no /proc figure of the team counts them.
   */
  cpu_ms?: { sandbox?: number };
}

/** What a process counted: its tasks by id, and what it did outside any task under OUTSIDE_TASKS. */
export interface IoProfileFile {
  team: string;
  pid: number;
  tasks: Record<string, TaskIo>;
}

/** A line of a profile file: one task's tallies so far (a later line of the same task supersedes it). */
export interface IoProfileLine extends TaskIo {
  team: string;
  pid: number;
  task: string;
}

export const OUTSIDE_TASKS = "-";
/** The environment variable naming the folder profiles are written to (the bench sets it). */
export const IO_PROFILE_ENV = "FLOTILLA_IO_PROFILE";

interface Profile {
  file: IoProfileFile;
  changed(task: string): void;
  /** Work of each task and kind under way now, and since when (overlapping work is timed once). */
  busy: Map<string, { running: number; since: number }>;
}

// One per process, and only while the bench profiles: otherwise every hook below is a no-op.
let active: Profile | undefined;

const taskOf = (profile: Profile): { id: string; task: TaskIo } => {
  const id = logFields().task_id ?? OUTSIDE_TASKS;
  return { id, task: (profile.file.tasks[id] ??= { io: {}, work_ms: {} }) };
};

function count(key: string, items = 0, bytes = 0): void {
  if (!active) return;
  const { id, task } = taskOf(active);
  const tally = (task.io[key] ??= { calls: 0, items: 0, bytes: 0 });
  tally.calls++;
  tally.items += items;
  tally.bytes += bytes;
  active.changed(id);
}

/**
 * Starts counting this process's I/O per task (the task of the message being handled) when
 * `dir` is set: the meters to give the bus and the knowledge store. Half a second after a change,
 * and when the process exits, the tasks that changed are appended to `<dir>/<team>-<pid>.jsonl`,
 * a line each with its tallies so far: the cost of writing follows the work, not the history.
 */
export function startIoProfile(
  dir: string | undefined,
  team: string,
): { bus: BusMeter; knowledge: KnowledgeMeter } | undefined {
  if (!dir) return undefined;
  mkdirSync(dir, { recursive: true });
  const file: IoProfileFile = { team, pid: process.pid, tasks: {} };
  const path = join(dir, `${team}-${process.pid}.jsonl`);
  const dirty = new Set<string>();
  const write = () => {
    const lines = [...dirty].map((task) => JSON.stringify({ team, pid: process.pid, task, ...file.tasks[task] }));
    dirty.clear();
    if (lines.length) appendFileSync(path, `${lines.join("\n")}\n`);
  };
  let timer: NodeJS.Timeout | undefined;
  active = {
    file,
    busy: new Map(),
    changed: (task) => {
      dirty.add(task);
      timer ??= setTimeout(() => {
        timer = undefined;
        write();
      }, 500).unref();
    },
  };
  process.once("exit", write);
  subscribe(SANDBOX_RUN_CHANNEL, (run) => {
    const cpuMs = (run as { cpuMs?: number }).cpuMs;
    if (!active || cpuMs === undefined) return;
    const { id, task } = taskOf(active);
    task.cpu_ms = { sandbox: (task.cpu_ms?.sandbox ?? 0) + cpuMs };
    active.changed(id);
  });
  return {
    bus: (op, target, bytes) => count(`nats.${op} ${target}`, 0, bytes),
    knowledge: (op, collection, points) => count(`qdrant.${op} ${collection}`, points),
  };
}

/**
 * Runs `work`, its time counted as `kind` of the current task while profiling. Work of one kind
 * that overlaps (the ballots of a vote, asked at once) counts once: the time any of it ran.
 */
export async function timedWork<T>(kind: WorkKind, work: () => Promise<T>): Promise<T> {
  if (!active) return work();
  const profile = active;
  const { id, task } = taskOf(profile);
  const busy = profile.busy.get(`${id} ${kind}`) ?? { running: 0, since: 0 };
  profile.busy.set(`${id} ${kind}`, busy);
  if (busy.running++ === 0) busy.since = performance.now();
  try {
    return await work();
  } finally {
    if (--busy.running === 0) {
      profile.busy.delete(`${id} ${kind}`);
      task.work_ms[kind] = (task.work_ms[kind] ?? 0) + (performance.now() - busy.since);
      profile.changed(id);
    }
  }
}
