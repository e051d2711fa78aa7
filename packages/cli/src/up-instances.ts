import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { isAlive } from "@flotilla/infra";
import type { HealthWatch } from "./health-watch.ts";
import { teamEnv } from "./infra-commands.ts";
import { newInstanceId, teamOfInstance, type Instance } from "./instances.ts";
import { teamCommand } from "./build/index.ts";
import { LOG_DIR, ROOT, teamEntry } from "./paths.ts";
import { readPid, readPids, removePid, runsProgram, writePid } from "./pidfiles.ts";

export interface InstanceOutcome {
  instance: Instance;
  ok: boolean;
  /** False when it was already running: `up` did not start it and did not wait for it. */
  started: boolean;
  line: string;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Starts each instance not already running as a detached process (no MCP stdio, its own
 * FLOTILLA_INSTANCE_ID and pid file), all at once, and waits until each has reported healthy,
 * exited, or let `timeoutMs` pass. `began` is when `up` started: the times printed count from it.
 */
export function startInstances(
  plan: Instance[],
  watch: HealthWatch,
  opts: { began: number; timeoutMs: number },
): Promise<InstanceOutcome[]> {
  return Promise.all(plan.map((instance) => startInstance(instance, watch, opts)));
}

async function startInstance(
  instance: Instance,
  watch: HealthWatch,
  { began, timeoutMs }: { began: number; timeoutMs: number },
): Promise<InstanceOutcome> {
  const { team, name } = instance;
  const running = readPid(name);
  if (running && isAlive(running) && runsProgram(running, name))
    return { instance, ok: true, started: false, line: `already running (pid ${running})` };
  const entry = teamEntry(team);
  if (!existsSync(entry))
    return { instance, ok: false, started: false, line: `not started: ${relative(ROOT, entry)} does not exist yet` };

  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = join(LOG_DIR, `${name}.log`);
  // Output written before the logger exists (import errors, crashes) would otherwise be lost.
  const stderrLog = join(LOG_DIR, `${name}.stderr.log`);
  const errFd = openSync(stderrLog, "a");
  const id = newInstanceId(name);
  // Files, not pipes: a detached child writing to a pipe whose reader (this CLI) has exited
  // gets SIGPIPE. stdin is /dev/null; FLOTILLA_MCP_STDIO=false tells the team there is no MCP client.
  const child = spawn(process.execPath, await teamCommand(team), {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "ignore", errFd],
    env: { ...teamEnv(team), LOG_FILE: logFile, FLOTILLA_MCP_STDIO: "false", FLOTILLA_INSTANCE_ID: id },
  });
  closeSync(errFd);
  const pid = child.pid;
  if (pid === undefined) return { instance, ok: false, started: false, line: "failed to spawn node" };
  writePid(name, pid, id);
  const exited = () => (child.exitCode !== null || child.signalCode !== null ? exitLine(child, stderrLog) : undefined);
  try {
    const at = await watch.healthy(id, exited, timeoutMs);
    return {
      instance,
      ok: true,
      started: true,
      line: `healthy after ${seconds(at - began)} (pid ${pid}, instance ${id}), log ${relative(ROOT, logFile)}`,
    };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    // One still starting is left running and recorded: `status` shows it, `down` stops it.
    if (exited()) removePid(name);
    return { instance, ok: false, started: true, line: `${why} (pid ${pid}) — see ${relative(ROOT, stderrLog)}` };
  } finally {
    child.unref();
  }
}

function exitLine(child: { exitCode: number | null; signalCode: NodeJS.Signals | null }, stderrLog: string): string {
  return `exited at start (${child.signalCode ?? `code ${child.exitCode}`}): ${lastLine(stderrLog)}`;
}

function lastLine(file: string): string {
  const lines = readFileSync(file, "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const err = lines.findLast((l) => /error/i.test(l));
  return (err ?? lines.at(-1) ?? "no output").slice(0, 200);
}

/** Team instances recorded and running that `plan` leaves out (an earlier `up` ran more): `down` stops them. */
export function instancesBeyond(plan: Instance[]): string[] {
  const planned = new Set(plan.map((i) => i.name));
  return readPids()
    .filter((r) => teamOfInstance(r.name) && !planned.has(r.name) && isAlive(r.pid) && runsProgram(r.pid, r.name))
    .map((r) => r.name);
}
