import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync } from "node:fs";
import { join, relative } from "node:path";
import { loadConfig } from "@flotilla/config";
// The light subpath: every CLI command loads this file (up, bench), none should load the dashboard itself.
import { checkBinding } from "@flotilla/dashboard/binding";
import { credentialsEnv, isAlive, waitUntil } from "@flotilla/infra";
import { nodeCommand } from "./build/index.ts";
import { CREDENTIALS_DIR } from "./local-credentials.ts";
import { LOG_DIR, ROOT } from "./paths.ts";
import { readPid, removePid, runsProgram, writePid } from "./pidfiles.ts";

/**
 * The environment the dashboard runs with: the read-only `dashboard` NATS user and the Qdrant
 * keys from `.flotilla/credentials`, unless `env` names its own (NATS_USER: a person's account on
 * a remote server).
 */
export function dashboardEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, ...credentialsEnv(CREDENTIALS_DIR, "dashboard", env) };
}

const binding = () => {
  const config = loadConfig();
  return {
    host: config.FLOTILLA_DASHBOARD_HOST,
    port: config.FLOTILLA_DASHBOARD_PORT,
    token: config.FLOTILLA_DASHBOARD_TOKEN,
  };
};

/**
 * `up`'s dashboard: started detached, recorded in .flotilla/run/dashboard.pid (so `down` stops
 * it), ready once it answers /healthz. An unguarded non-loopback binding is refused before
 * anything starts.
 */
export async function startDashboardProcess(): Promise<{ ok: boolean; line: string }> {
  let host: string, port: number;
  try {
    ({ host, port } = checkBinding(binding()));
  } catch (err) {
    return { ok: false, line: `not started: ${err instanceof Error ? err.message : err}` };
  }
  const running = readPid("dashboard");
  if (running && isAlive(running) && runsProgram(running, "dashboard"))
    return { ok: true, line: `already running (pid ${running})` };
  mkdirSync(LOG_DIR, { recursive: true });
  const stderrLog = join(LOG_DIR, "dashboard.stderr.log");
  const errFd = openSync(stderrLog, "a");
  const child = spawn(process.execPath, await nodeCommand("dashboard"), {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "ignore", errFd],
    env: { ...dashboardEnv(), LOG_FILE: join(LOG_DIR, "dashboard.log") },
  });
  closeSync(errFd);
  if (child.pid === undefined) return { ok: false, line: "failed to spawn node" };
  writePid("dashboard", child.pid);
  child.unref();
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const probe = host === "0.0.0.0" || host === "::" ? `http://127.0.0.1:${port}` : url;
  try {
    await waitUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`exited at start (code ${child.exitCode})`);
        return (await fetch(`${probe}/healthz`).catch(() => undefined))?.ok === true;
      },
      "the dashboard to answer",
      30_000,
    );
  } catch (err) {
    if (child.exitCode === null) child.kill("SIGTERM");
    removePid("dashboard");
    return { ok: false, line: `${err instanceof Error ? err.message : err} — see ${relative(ROOT, stderrLog)}` };
  }
  return { ok: true, line: `${url} (pid ${child.pid}), log ${relative(ROOT, join(LOG_DIR, "dashboard.log"))}` };
}
