import { randomUUID } from "node:crypto";
import { envelope, type Priority, type RepoRequest, type TaskProgress } from "@flotilla/contracts";
import { followTask, type Bus, type TaskOutcome } from "@flotilla/bus";

export type Outcome = TaskOutcome;

export interface SubmitOptions {
  priority?: Priority;
  /** The repository to change; none: a scratch repository. */
  repo?: RepoRequest;
  /** Follows the task this long, then resolves undefined (the task goes on). 0: do not follow. */
  timeoutMs?: number;
  onProgress?: (progress: TaskProgress) => void;
  onSubmitted?: (taskId: string) => void;
}

/**
 * Publishes a TaskRequest on system.task.request, as any NATS client would, and follows the
 * task until its outcome (watching before publishing, so nothing is missed). Resolves
 * undefined when `timeoutMs` passes first: the task goes on.
 */
export async function submitTask(
  bus: Bus,
  description: string,
  opts: SubmitOptions = {},
): Promise<Outcome | undefined> {
  const taskId = randomUUID();
  const follower = await followTask(bus, taskId, {
    onProgress: opts.onProgress,
    timeoutMs: opts.timeoutMs ?? 3_600_000,
  });
  try {
    await bus.publish("system.task.request", {
      ...envelope({ sender: { team: "cli", agent: "person", instance_id: `cli-${process.pid}` } }),
      task_id: taskId,
      task: {
        description,
        requirements: [],
        priority: opts.priority ?? "medium",
        context: {},
        ...(opts.repo ? { repo: opts.repo } : {}),
      },
      requester: { user_id: process.env.USER ?? "cli" },
    });
    opts.onSubmitted?.(taskId);
    return await follower.done;
  } finally {
    follower.stop();
  }
}
