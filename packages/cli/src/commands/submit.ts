import { randomUUID } from "node:crypto";
import { envelope, renderOutcome, type TaskCompleted, type TaskFailed, type TaskProgress } from "@flotilla/contracts";
import { loadConfig } from "@flotilla/config";
import { cliBus } from "../connect.ts";
import { progressLine } from "../progress-line.ts";
import { note, out } from "../say.ts";
import { runUp } from "./up.ts";

/**
 * `flotilla submit "TEXT" [--wait]`: publishes a TaskRequest on system.task.request (as any NATS
 * client would) and, with --wait, follows it live until its outcome. Starts the fleet in the
 * background first when no leadership instance reports healthy.
 */
export async function runSubmit(text: string, opts: { wait?: boolean; timeout?: string }): Promise<number> {
  const config = loadConfig();
  let bus = await cliBus().catch(() => undefined);
  const fresh = async () => {
    const h = await bus?.lastMessage<{ timestamp: string }>("team.leadership.health").catch(() => null);
    return !!h && Date.now() - Date.parse(h.timestamp) < 3 * config.TEAM_HEALTH_INTERVAL_MS;
  };
  if (!(await fresh())) {
    note("no healthy leadership instance: starting the fleet in the background (stop it with scripts/flotilla down)");
    if ((await runUp()) !== 0) return 1;
    bus ??= await cliBus();
  }
  const taskId = randomUUID();
  let resolve!: (o: TaskCompleted | TaskFailed | undefined) => void;
  const outcome = new Promise<TaskCompleted | TaskFailed | undefined>((r) => (resolve = r));
  const watch = opts.wait ? bus!.watch("system.task.>", (subject, m) => {
    const msg = m as { task_id?: string };
    if (msg.task_id !== taskId) return;
    if (subject === "system.task.progress") out(progressLine(m as TaskProgress));
    else if (subject === "system.task.completed" || subject === "system.task.failed") resolve(m as TaskCompleted | TaskFailed);
  }) : undefined;
  await bus!.nc.flush();
  await bus!.publish("system.task.request", {
    ...envelope({ sender: { team: "cli", agent: "person", instance_id: `cli-${process.pid}` } }), task_id: taskId,
    task: { description: text, requirements: [], priority: "medium", context: {} }, requester: { user_id: process.env.USER ?? "cli" },
  });
  out(`task ${taskId} submitted`);
  if (!opts.wait) {
    await bus!.close();
    return 0;
  }
  const timeoutMs = Number(opts.timeout ?? 3600) * 1000;
  const timer = setTimeout(() => resolve(undefined), timeoutMs);
  const o = await outcome;
  clearTimeout(timer);
  watch?.stop();
  await bus!.close();
  if (!o) {
    note(`still running after ${timeoutMs / 1000} s; follow it with the leadership tool task_status`);
    return 1;
  }
  out(`\n${renderOutcome(o)}`);
  return o.status === "completed" ? 0 : 1;
}
