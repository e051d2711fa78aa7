import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdirSync, openSync } from "node:fs";
import { join } from "node:path";
import { waitUntil } from "@flotilla/infra";
import type { Bus } from "@flotilla/bus";
import type { TeamHealth } from "@flotilla/contracts";
import { teamCredentialsEnv } from "./local-credentials.ts";
import { LOG_DIR, ROOT, TEAMS, teamEnabled, teamEntry, type Team } from "./paths.ts";

export interface LocalFleet {
  procs: Map<Team, ChildProcess>;
  stop(): Promise<void>;
}

/**
 * Starts the enabled teams as child processes of this CLI (NATS workers only, no MCP stdio) and
 * waits until each has published its first health report. They stop when `stop()` is called.
 * Each connects as its own NATS user when `.flotilla/credentials` holds one.
 */
export async function startLocalFleet(
  bus: Bus,
  env: NodeJS.ProcessEnv,
  label: string,
  onReady?: (team: Team) => void,
): Promise<LocalFleet> {
  const procs = new Map<Team, ChildProcess>();
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
  try {
    await Promise.all(
      TEAMS.filter(teamEnabled).map(async (team) => {
        const instance = `${team}-${label}-${process.pid}`;
        const errFd = openSync(join(LOG_DIR, `${team}.${label}.stderr.log`), "a");
        const child = spawn(process.execPath, ["--import", "tsx", teamEntry(team)], {
          cwd: ROOT,
          stdio: ["ignore", "ignore", errFd],
          env: {
            ...env,
            ...teamCredentialsEnv(team, env),
            FLOTILLA_MCP_STDIO: "false",
            FLOTILLA_INSTANCE_ID: instance,
            LOG_FILE: join(LOG_DIR, `${team}.${label}.log`),
          },
        });
        closeSync(errFd);
        procs.set(team, child);
        await waitUntil(
          async () => {
            if (child.exitCode !== null)
              throw new Error(
                `${team} exited at start (code ${child.exitCode}); see .flotilla/logs/${team}.${label}.stderr.log`,
              );
            const h = await bus.lastMessage<TeamHealth>(`team.${team}.health`).catch(() => null);
            return h?.instance_id === instance;
          },
          `${team} to report healthy`,
          60_000,
        );
        onReady?.(team);
      }),
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { procs, stop };
}
