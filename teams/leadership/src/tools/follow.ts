import type { TaskCompleted, TaskFailed, TaskProgress } from "@flotilla/contracts";
import type { TeamContext } from "@flotilla/team-runtime";

export type Outcome = TaskCompleted | TaskFailed;

/**
 * Follows one task on system.task.> until it completes or fails (or `timeoutMs` passes, then
 * resolves undefined: the task goes on, task_status tells how it ends). Start it before
 * publishing the request so no event is missed.
 */
export function followTask(ctx: TeamContext, taskId: string, onProgress: (p: TaskProgress) => void, timeoutMs: number) {
  let resolve!: (o: Outcome | undefined) => void;
  const done = new Promise<Outcome | undefined>((r) => (resolve = r));
  const sub = ctx.bus.watch("system.task.>", (subject, message) => {
    const m = message as { task_id?: string };
    if (m.task_id !== taskId) return;
    if (subject === "system.task.progress") onProgress(message as TaskProgress);
    else if (subject === "system.task.completed" || subject === "system.task.failed") finish(message as Outcome);
  });
  const timer = setTimeout(() => finish(undefined), timeoutMs);
  function finish(o: Outcome | undefined) {
    clearTimeout(timer);
    sub.stop();
    resolve(o);
  }
  return { done, stop: () => finish(undefined) };
}
