import { TaskCompleted, TaskFailed, TaskProgress } from "@flotilla/contracts";
import type { Bus } from "./types.ts";

export type TaskOutcome = TaskCompleted | TaskFailed;

export interface FollowTaskOptions {
  /** Called for each system.task.progress of the task. */
  onProgress?: (progress: TaskProgress) => void;
  /** Gives up (resolving undefined) after this long; the task itself goes on. Default 1 h. */
  timeoutMs?: number;
}

export interface TaskFollower {
  /** The task's outcome; undefined once the time is up or `stop()` was called first. */
  done: Promise<TaskOutcome | undefined>;
  stop(): void;
}

const taskIdOf = (message: unknown) =>
  typeof message === "object" && message !== null ? Reflect.get(message, "task_id") : undefined;

/**
 * Follows one task on system.task.> until it completes or fails. Resolves once the server has
 * the subscription, so a request published afterwards cannot finish unseen.
 *
 * @example
 * const follower = await followTask(bus, taskId, { onProgress: (p) => console.error(p.detail) });
 * await bus.publish("system.task.request", request);
 * const outcome = await follower.done; // undefined after the timeout
 */
export async function followTask(bus: Bus, taskId: string, opts: FollowTaskOptions = {}): Promise<TaskFollower> {
  let resolve: (outcome: TaskOutcome | undefined) => void = () => {};
  const done = new Promise<TaskOutcome | undefined>((r) => (resolve = r));
  const watch = bus.watch("system.task.>", (subject, message) => {
    if (taskIdOf(message) !== taskId) return;
    // The watch has validated the message against its subject already; parsing only types it.
    if (subject === "system.task.progress") opts.onProgress?.(TaskProgress.parse(message));
    else if (subject === "system.task.completed") finish(TaskCompleted.parse(message));
    else if (subject === "system.task.failed") finish(TaskFailed.parse(message));
  });
  const timer = setTimeout(() => finish(undefined), opts.timeoutMs ?? 3_600_000);
  function finish(outcome: TaskOutcome | undefined) {
    clearTimeout(timer);
    watch.stop();
    resolve(outcome);
  }
  try {
    await bus.flush();
  } catch (err) {
    finish(undefined);
    throw err;
  }
  return { done, stop: () => finish(undefined) };
}
