import { renderOutcome } from "@flotilla/contracts";
import { loadConfig } from "@flotilla/config";
import { cliBus } from "../connect.ts";
import { progressLine } from "../progress-line.ts";
import { submitTask } from "../task-runner.ts";
import { note, out } from "../say.ts";
import { runUp } from "./up.ts";

/**
 * `flotilla submit "TEXT" [--wait]`: publishes a TaskRequest on system.task.request and, with
 * --wait, follows it live until its outcome. Starts the fleet in the background first when no
 * leadership instance reports healthy.
 */
export async function runSubmit(text: string, opts: { wait?: boolean; timeout?: string }): Promise<number> {
  const config = loadConfig();
  let bus = await cliBus().catch(() => undefined);
  const h = await bus?.lastMessage<{ timestamp: string }>("team.leadership.health").catch(() => null);
  if (!h || Date.now() - Date.parse(h.timestamp) > 3 * config.TEAM_HEALTH_INTERVAL_MS) {
    note("no healthy leadership instance: starting the fleet in the background (stop it with scripts/flotilla down)");
    if ((await runUp()) !== 0) return 1;
    bus ??= await cliBus();
  }
  const timeoutMs = (opts.wait ? Number(opts.timeout ?? 3600) : 0) * 1000;
  const o = await submitTask(bus!, text, { timeoutMs, onProgress: (p) => out(progressLine(p)), onSubmitted: (id) => out(`task ${id} submitted`) });
  await bus!.close();
  if (!opts.wait) return 0;
  if (!o) {
    note(`still running after ${timeoutMs / 1000} s; follow it with the leadership tool task_status`);
    return 1;
  }
  out(`\n${renderOutcome(o)}`);
  return o.status === "completed" ? 0 : 1;
}
