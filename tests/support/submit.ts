import { randomUUID } from "node:crypto";
import { envelope, type TaskCompleted, type TaskFailed } from "@flotilla/contracts";
import type { Fleet } from "./fleet.ts";

/** Publishes a TaskRequest and resolves with its outcome (watching before publishing). */
export async function runTask(fleet: Fleet, description: string, timeoutMs = 90_000): Promise<TaskCompleted | TaskFailed> {
  const taskId = randomUUID();
  const outcome = new Promise<TaskCompleted | TaskFailed>((resolve, reject) => {
    const timer = setTimeout(() => { sub.stop(); reject(new Error(`task ${taskId} did not finish in ${timeoutMs} ms`)); }, timeoutMs);
    const sub = fleet.bus.watch("system.task.*", (subject, m) => {
      const msg = m as TaskCompleted | TaskFailed;
      if (msg.task_id === taskId && (subject === "system.task.completed" || subject === "system.task.failed")) {
        clearTimeout(timer);
        sub.stop();
        resolve(msg);
      }
    });
  });
  await fleet.bus.nc.flush();
  await fleet.bus.publish("system.task.request", {
    ...envelope({ sender: { team: "external", agent: "test", instance_id: "test" } }), task_id: taskId,
    task: { description, requirements: [], priority: "medium", context: {} }, requester: { user_id: "test" },
  });
  return outcome;
}
