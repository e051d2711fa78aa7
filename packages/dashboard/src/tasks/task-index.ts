import type { Bus } from "@flotilla/bus";
import { busInternals } from "@flotilla/bus/internals";
import type { Logger } from "@flotilla/log";
import { STATE_BUCKET, WorkflowState } from "@flotilla/team-leadership/state";
import { rowOf, type TaskRow } from "./row.ts";

/** Every task's row, kept current from KV `workflow_state`; what the list renders from. */
export interface TaskIndex {
  /** Newest first. */
  rows(): TaskRow[];
  get(taskId: string): TaskRow | undefined;
  /** Called with each row that changed (or the id of one deleted). */
  onChange(listener: (row: TaskRow | { task_id: string; deleted: true }) => void): () => void;
  stop(): void;
}

/**
 * Watches the task states: the watch first replays every key's latest value, then each write as
 * it lands, so the list is built once from NATS and never polled. A raw KV handle is needed for
 * the watch (the Bus seam has none); the dashboard user may only read the bucket.
 *
 * @example
 * const tasks = await watchTaskIndex(bus, log);
 * tasks.onChange((row) => console.log(row.task_id));
 */
export async function watchTaskIndex(bus: Bus, log: Logger): Promise<TaskIndex> {
  const rows = new Map<string, TaskRow>();
  const listeners = new Set<(row: TaskRow | { task_id: string; deleted: true }) => void>();
  const kv = await busInternals(bus).kv(STATE_BUCKET);
  const watch = await kv.watch();
  const emit = (row: TaskRow | { task_id: string; deleted: true }) => {
    for (const listener of listeners) listener(row);
  };
  void (async () => {
    for await (const entry of watch) {
      if (entry.operation !== "PUT") {
        rows.delete(entry.key);
        emit({ task_id: entry.key, deleted: true });
        continue;
      }
      const parsed = WorkflowState.safeParse(entry.json<unknown>());
      if (!parsed.success) {
        log.warn({ key: entry.key, err: parsed.error.message.slice(0, 300) }, "unreadable workflow state skipped");
        continue;
      }
      const row = rowOf(parsed.data);
      rows.set(row.task_id, row);
      emit(row);
    }
  })().catch((err: unknown) => log.error({ err: String(err) }, "workflow_state watch ended"));
  return {
    rows: () => [...rows.values()].sort((a, b) => b.started_at.localeCompare(a.started_at)),
    get: (taskId) => rows.get(taskId),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: () => watch.stop(),
  };
}
