import { resolve } from "node:path";
import { Priority, renderOutcome } from "@flotilla/contracts";
import { loadConfig } from "@flotilla/config";
import { cliBus } from "../connect.ts";
import { reportsUp } from "../health-reports.ts";
import { progressLine } from "../progress-line.ts";
import { submitTask } from "../task-runner.ts";
import { note, out } from "../say.ts";
import { runUp } from "./up.ts";

export interface SubmitFlags {
  wait?: boolean;
  timeout?: string;
  priority?: string;
  repo?: string;
  base?: string;
}

/**
 * `flotilla submit "TEXT" [--wait] [--priority high|medium|low] [--repo PATH [--base REF]]`: publishes a TaskRequest on
 * system.task.request and, with --wait, follows it live until its outcome. Starts the fleet in
 * the background first when no leadership instance reports healthy.
 */
export async function runSubmit(text: string, opts: SubmitFlags): Promise<number> {
  const priority = Priority.safeParse(opts.priority ?? "medium");
  if (!priority.success) {
    note(`--priority must be one of ${Priority.options.join(", ")}, got "${opts.priority}"`);
    return 1;
  }
  const config = loadConfig();
  // A task request and its outcome are all it needs: the `client` user.
  let bus = await cliBus({ as: "client" }).catch(() => undefined);
  if (!bus || !(await reportsUp(bus, "leadership", config.TEAM_HEALTH_INTERVAL_MS))) {
    note("no healthy leadership instance: starting the fleet in the background (stop it with scripts/flotilla down)");
    if ((await runUp()) !== 0) return 1;
    bus ??= await cliBus({ as: "client" });
  }
  const timeoutMs = (opts.wait ? Number(opts.timeout ?? 3600) : 0) * 1000;
  // Relative to where the person typed it; leadership resolves it against FLOTILLA_REPOS.
  const repo = opts.repo ? { path: resolve(opts.repo), base_ref: opts.base } : undefined;
  const outcome = await submitTask(bus, text, {
    priority: priority.data,
    repo,
    timeoutMs,
    onProgress: (p) => out(progressLine(p)),
    onSubmitted: (id) => out(`task ${id} submitted (priority ${priority.data})`),
  });
  await bus.close();
  if (!opts.wait) return 0;
  if (!outcome) {
    note(`still running after ${timeoutMs / 1000} s; follow it with the leadership tool task_status`);
    return 1;
  }
  out(`\n${renderOutcome(outcome)}`);
  return outcome.status === "completed" ? 0 : 1;
}
