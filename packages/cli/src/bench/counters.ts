import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  OUTSIDE_TASKS,
  type IoProfileFile,
  type IoProfileLine,
  type IoTally,
  type TaskIo,
} from "@flotilla/team-runtime";

/**
 * One task's I/O, the mean over the tasks measured, as every team process counted it while
 * handling that task's messages (FLOTILLA_IO_PROFILE): `nats.<op> <target>` and
 * `qdrant.<op> <collection>` tallies, and the time it spent in git, sandboxed runs and model calls.
 */
export interface IoProfile {
  tasks: number;
  io: Record<string, IoTally>;
  workMs: { repository: number; sandbox: number; model: number };
  /** CPU time of the sandboxed runs (their cgroups'); undefined when none could be counted. */
  sandboxCpuMs?: number;
}

/** A team writes its profile 500 ms after its last change: this long after, the last task's is on disk. */
export const profilesSettled = () => sleep(1_200);

/** Every profile the fleet's processes wrote into `dir`, a line per task and process (the last line wins). */
export function readProfiles(dir: string): IoProfileFile[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".jsonl"));
  } catch {
    return []; // no team has counted anything yet
  }
  return names.map((name) => {
    const file: IoProfileFile = { team: "", pid: 0, tasks: {} };
    for (const text of readFileSync(join(dir, name), "utf8").split("\n")) {
      if (!text) continue;
      const line = JSON.parse(text) as IoProfileLine; // written by startIoProfile
      Object.assign(file, { team: line.team, pid: line.pid });
      file.tasks[line.task] = { io: line.io, work_ms: line.work_ms, cpu_ms: line.cpu_ms };
    }
    return file;
  });
}

const add = (into: Record<string, IoTally>, from: Record<string, IoTally>, times = 1) => {
  for (const [key, t] of Object.entries(from)) {
    const sum = (into[key] ??= { calls: 0, items: 0, bytes: 0 });
    sum.calls += t.calls * times;
    sum.items += t.items * times;
    sum.bytes += t.bytes * times;
  }
};

/** The mean profile of `taskIds`, summed over processes. */
export function taskProfile(files: IoProfileFile[], taskIds: readonly string[]): IoProfile {
  const io: Record<string, IoTally> = {};
  const workMs = { repository: 0, sandbox: 0, model: 0 };
  let sandboxCpuMs: number | undefined;
  const per = 1 / Math.max(1, taskIds.length);
  for (const file of files) {
    for (const id of taskIds) {
      const task: TaskIo | undefined = file.tasks[id];
      if (!task) continue;
      add(io, task.io, per);
      workMs.repository += (task.work_ms.repository ?? 0) * per;
      workMs.sandbox += (task.work_ms.sandbox ?? 0) * per;
      workMs.model += (task.work_ms.model ?? 0) * per;
      if (task.cpu_ms?.sandbox !== undefined) sandboxCpuMs = (sandboxCpuMs ?? 0) + task.cpu_ms.sandbox * per;
    }
  }
  return { tasks: taskIds.length, io, workMs, sandboxCpuMs };
}

/** The CPU time of every sandboxed run the profiles hold, in ms (all tasks, all processes). */
export function sandboxCpuTotal(files: IoProfileFile[]): number {
  let ms = 0;
  for (const file of files) for (const task of Object.values(file.tasks)) ms += task.cpu_ms?.sandbox ?? 0;
  return ms;
}

/** What the processes did outside any task (health reports, idle pulls), summed. */
export function outsideTasks(files: IoProfileFile[]): Record<string, IoTally> {
  const io: Record<string, IoTally> = {};
  for (const file of files) add(io, file.tasks[OUTSIDE_TASKS]?.io ?? {});
  return io;
}

/** `after - before`, tally by tally. */
export function since(after: Record<string, IoTally>, before: Record<string, IoTally>): Record<string, IoTally> {
  const io: Record<string, IoTally> = {};
  add(io, after);
  add(io, before, -1);
  return io;
}

/** The tallies of one operation (`nats.publish`, `qdrant.search`), by target, largest first. */
export function byTarget(io: Record<string, IoTally>, op: string): Array<[string, IoTally]> {
  return Object.entries(io)
    .filter(([key]) => key.split(" ")[0] === op)
    .map(([key, t]): [string, IoTally] => [key.slice(op.length + 1), t])
    .sort((a, b) => b[1].calls - a[1].calls);
}

/** Calls of one operation over every target. */
export const callsOf = (io: Record<string, IoTally>, op: string) =>
  byTarget(io, op).reduce((n, [, t]) => n + t.calls, 0);
