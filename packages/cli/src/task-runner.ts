import { randomUUID } from "node:crypto";
import { envelope, type TaskCompleted, type TaskFailed, type TaskProgress } from "@flotilla/contracts";
import type { Bus } from "@flotilla/bus";

export type Outcome = TaskCompleted | TaskFailed;

/**
 * Publishes a TaskRequest on system.task.request, as any NATS client would, and follows the
 * task until its outcome (watching before publishing, so nothing is missed). Resolves
 * undefined when `timeoutMs` passes first: the task goes on.
 */
export async function submitTask(
  bus: Bus, description: string, opts: { timeoutMs?: number; onProgress?: (p: TaskProgress) => void; onSubmitted?: (taskId: string) => void } = {},
): Promise<Outcome | undefined> {
  const taskId = randomUUID();
  let resolve!: (o: Outcome | undefined) => void;
  const outcome = new Promise<Outcome | undefined>((r) => (resolve = r));
  const watch = bus.watch("system.task.>", (subject, m) => {
    if ((m as { task_id?: string }).task_id !== taskId) return;
    if (subject === "system.task.progress") opts.onProgress?.(m as TaskProgress);
    else if (subject === "system.task.completed" || subject === "system.task.failed") resolve(m as Outcome);
  });
  const timer = setTimeout(() => resolve(undefined), opts.timeoutMs ?? 3_600_000);
  try {
    await bus.nc.flush();
    await bus.publish("system.task.request", {
      ...envelope({ sender: { team: "cli", agent: "person", instance_id: `cli-${process.pid}` } }), task_id: taskId,
      task: { description, requirements: [], priority: "medium", context: {} }, requester: { user_id: process.env.USER ?? "cli" },
    });
    opts.onSubmitted?.(taskId);
    return await outcome;
  } finally {
    clearTimeout(timer);
    watch.stop();
  }
}
