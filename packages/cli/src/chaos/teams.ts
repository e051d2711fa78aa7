import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { join } from "node:path";
import { credentialsEnv } from "@flotilla/infra";
import { teamCommand } from "../build/index.ts";
import { ROOT, TEAMS, type Team } from "../paths.ts";

/** The five teams as child processes that chaos kills with SIGKILL and starts again. */
export interface Crew {
  start(team: Team): void;
  kill(team: Team): Promise<void>;
  stop(): Promise<void>;
}

export async function crew(dir: string, env: NodeJS.ProcessEnv): Promise<Crew> {
  // Resolved (and built) once: a restart after a SIGKILL must be immediate.
  const commands = new Map(await Promise.all(TEAMS.map(async (team) => [team, await teamCommand(team)] as const)));
  const procs = new Map<Team, ChildProcess>();
  let starts = 0;
  const exited = (child: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
    });
  return {
    start(team) {
      const log = openSync(join(dir, `${team}.log`), "a");
      const child = spawn(process.execPath, commands.get(team)!, {
        cwd: ROOT,
        stdio: ["ignore", log, log],
        env: {
          ...env,
          ...credentialsEnv(join(dir, "credentials"), team, {}),
          FLOTILLA_MCP_STDIO: "false",
          FLOTILLA_INSTANCE_ID: `${team}-chaos-${++starts}`,
        },
      });
      closeSync(log);
      procs.set(team, child);
    },
    async kill(team) {
      const child = procs.get(team);
      if (!child) return;
      child.kill("SIGKILL");
      await exited(child);
    },
    async stop() {
      await Promise.all(
        [...procs.values()].map((child) => {
          child.kill("SIGTERM");
          return exited(child);
        }),
      );
    },
  };
}
