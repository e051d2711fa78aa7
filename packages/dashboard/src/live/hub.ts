import type { Bus } from "@flotilla/bus";
import { TaskProgress } from "@flotilla/contracts";
import type { TaskIndex } from "../tasks/task-index.ts";

/** What the page hears: a step moved (`progress`), a task's state changed (`task`), a task ended (`outcome`). */
export type LiveEvent =
  | { event: "progress"; data: TaskProgress }
  | { event: "task"; data: { task_id: string; status?: string; deleted?: boolean } }
  | { event: "outcome"; data: { task_id: string; status: "completed" | "failed" } };

export interface LiveHub {
  subscribe(listener: (event: LiveEvent) => void): () => void;
  /** The task's latest progress events, oldest first (the last few dozen, while the dashboard runs). */
  recent(taskId: string): TaskProgress[];
  stop(): void;
}

const PER_TASK = 40;
const TASKS_KEPT = 500;

const taskIdOf = (message: unknown) => {
  const id = typeof message === "object" && message !== null ? Reflect.get(message, "task_id") : undefined;
  return typeof id === "string" ? id : undefined;
};

/**
 * One NATS subscription for every open page: progress from `metrics.workflow.progress` (the
 * dashboards' row of the catalogue), outcomes from `system.task.>`, state changes from the task
 * index; each fanned out to the pages' event streams. `system.task.progress` carries the same
 * progress again, so it is left out.
 *
 * @example
 * const hub = startLiveHub(bus, tasks);
 * const off = hub.subscribe((e) => stream.writeSSE({ event: e.event, data: JSON.stringify(e.data) }));
 */
export function startLiveHub(bus: Bus, tasks: TaskIndex): LiveHub {
  const listeners = new Set<(event: LiveEvent) => void>();
  const progress = new Map<string, TaskProgress[]>();
  const emit = (event: LiveEvent) => {
    for (const listener of listeners) listener(event);
  };
  const remember = (p: TaskProgress) => {
    const list = progress.get(p.task_id) ?? [];
    progress.delete(p.task_id); // re-inserted last: the map's order is the eviction order
    progress.set(p.task_id, [...list, p].slice(-PER_TASK));
    if (progress.size > TASKS_KEPT) progress.delete(progress.keys().next().value!);
  };
  const watches = [
    bus.watch("metrics.workflow.progress", (_subject, message) => {
      const parsed = TaskProgress.safeParse(message);
      if (!parsed.success) return;
      remember(parsed.data);
      emit({ event: "progress", data: parsed.data });
    }),
    bus.watch("system.task.>", (subject, message) => {
      const taskId = taskIdOf(message);
      if (!taskId) return;
      if (subject === "system.task.completed")
        emit({ event: "outcome", data: { task_id: taskId, status: "completed" } });
      if (subject === "system.task.failed") emit({ event: "outcome", data: { task_id: taskId, status: "failed" } });
    }),
  ];
  const offIndex = tasks.onChange((row) =>
    emit({ event: "task", data: "deleted" in row ? row : { task_id: row.task_id, status: row.status } }),
  );
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    recent: (taskId) => progress.get(taskId) ?? [],
    stop() {
      offIndex();
      for (const w of watches) w.stop();
      listeners.clear();
    },
  };
}
