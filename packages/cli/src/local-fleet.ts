import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdirSync, openSync } from "node:fs";
import { join, relative } from "node:path";
import type { Bus } from "@flotilla/bus";
import type { InstanceCounts } from "@flotilla/config";
import { watchHealth } from "./health-watch.ts";
import { instancePlan } from "./instances.ts";
import { teamCommand } from "./build/index.ts";
import { teamCredentialsEnv } from "./local-credentials.ts";
import { LOG_DIR, ROOT, TEAMS, teamEnabled, type Team } from "./paths.ts";

export interface LocalFleet {
  /** By instance name: the team's name for its first instance, `<team>-<n>` after. */
  procs: Map<string, ChildProcess>;
  /** From the first spawn to the last instance's first health report. */
  healthyMs: number;
  stop(): Promise<void>;
}

/**
 * Starts the enabled teams as child processes of this CLI (NATS workers only, no MCP stdio),
 * `instances` of each (default one), and waits until each instance has published its first
 * health report. They stop when `stop()` is called. Each connects as its own NATS user when
 * `.flotilla/credentials` holds one.
 */
export async function startLocalFleet(
  bus: Bus,
  env: NodeJS.ProcessEnv,
  label: string,
  onReady?: (team: Team) => void,
  opts: { instances?: InstanceCounts } = {},
): Promise<LocalFleet> {
  const procs = new Map<string, ChildProcess>();
  mkdirSync(LOG_DIR, { recursive: true });
  const stop = async () => {
    await Promise.all(
      [...procs.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
          }),
      ),
    );
  };
  const watch = await watchHealth(bus);
  const began = performance.now();
  let healthyAt = began;
  try {
    await Promise.all(
      instancePlan(opts.instances ?? {}, TEAMS.filter(teamEnabled)).map(async ({ team, name }) => {
        const instance = `${name}-${label}-${process.pid}`;
        const stderrLog = join(LOG_DIR, `${name}.${label}.stderr.log`);
        const errFd = openSync(stderrLog, "a");
        const child = spawn(process.execPath, await teamCommand(team), {
          cwd: ROOT,
          stdio: ["ignore", "ignore", errFd],
          env: {
            ...env,
            ...teamCredentialsEnv(team, env),
            FLOTILLA_MCP_STDIO: "false",
            FLOTILLA_INSTANCE_ID: instance,
            LOG_FILE: join(LOG_DIR, `${name}.${label}.log`),
          },
        });
        closeSync(errFd);
        procs.set(name, child);
        const exited = () =>
          child.exitCode === null && child.signalCode === null
            ? undefined
            : `${name} exited at start (${child.signalCode ?? `code ${child.exitCode}`}); see ${relative(ROOT, stderrLog)}`;
        // Generous: fifteen processes loading at once on two cores take a while.
        const at = await watch.healthy(instance, exited, 120_000).catch((err: Error) => {
          throw new Error(`${name}: ${err.message}`);
        });
        healthyAt = Math.max(healthyAt, at);
        if (name === team) onReady?.(team);
      }),
    );
  } catch (err) {
    await stop();
    throw err;
  } finally {
    watch.stop();
  }
  return { procs, healthyMs: healthyAt - began, stop };
}
