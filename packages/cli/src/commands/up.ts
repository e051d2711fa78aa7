import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { isAlive } from "@flotilla/infra";
import { provisionFleet } from "../connect.ts";
import { startDashboardProcess } from "../dashboard-process.ts";
import { startInfra, teamEnv } from "../infra-commands.ts";
import { LOG_DIR, ROOT, TEAMS, teamEnabled, teamEntry, type Team } from "../paths.ts";
import { readPid, removePid, runsProgram, writePid } from "../pidfiles.ts";
import { out } from "../say.ts";

// A team that dies this soon after start (missing entry point, bad config, import error) is
// reported as failed instead of being left as a stale pid file.
const SETTLE_MS = 3_000;

type Outcome = { team: Team; line: string; ok: boolean };

/** `flotilla up`: NATS + Qdrant, then the enabled teams, all detached. Returns the exit code. */
export async function runUp(): Promise<number> {
  const started = await startInfra();
  out(started.length ? `started ${started.join(", ")}` : "NATS and Qdrant already answer");
  // Teams may only check the streams (their NATS users cannot create them): admin makes them first.
  await provisionFleet();
  const outcomes = await Promise.all(TEAMS.map((team) => startTeam(team)));
  for (const o of outcomes) out(`${o.team}: ${o.line}`);
  const dashboard = await startDashboardProcess();
  out(`dashboard: ${dashboard.line}`);
  return outcomes.every((o) => o.ok) && dashboard.ok ? 0 : 1;
}

async function startTeam(team: Team): Promise<Outcome> {
  if (!teamEnabled(team)) return { team, ok: true, line: `disabled (MCP_${team.toUpperCase()}_ENABLED=false)` };
  const running = readPid(team);
  if (running && isAlive(running) && runsProgram(running, team))
    return { team, ok: true, line: `already running (pid ${running})` };
  const entry = teamEntry(team);
  if (!existsSync(entry)) return { team, ok: false, line: `not started: ${relative(ROOT, entry)} does not exist yet` };

  mkdirSync(LOG_DIR, { recursive: true });
  const logFile = join(LOG_DIR, `${team}.log`);
  // Output written before the logger exists (import errors, crashes) would otherwise be lost.
  const stderrLog = join(LOG_DIR, `${team}.stderr.log`);
  const errFd = openSync(stderrLog, "a");
  // Files, not pipes: a detached child writing to a pipe whose reader (this CLI) has exited
  // gets SIGPIPE. stdin is /dev/null; FLOTILLA_MCP_STDIO=false tells the team there is no MCP client.
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "ignore", errFd],
    env: { ...teamEnv(team), LOG_FILE: logFile, FLOTILLA_MCP_STDIO: "false" },
  });
  closeSync(errFd);
  const pid = child.pid;
  if (pid === undefined) return { team, ok: false, line: "failed to spawn node" };
  writePid(team, pid);
  const exit = await new Promise<number | null | "running">((resolve) => {
    const timer = setTimeout(() => resolve("running"), SETTLE_MS);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal ? -1 : null));
    });
  });
  child.unref();
  if (exit === "running") return { team, ok: true, line: `started (pid ${pid}), log ${relative(ROOT, logFile)}` };
  removePid(team);
  return {
    team,
    ok: false,
    line: `exited at start (code ${exit}): ${lastLine(stderrLog)} — see ${relative(ROOT, stderrLog)}`,
  };
}

function lastLine(file: string): string {
  const lines = readFileSync(file, "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const err = lines.findLast((l) => /error/i.test(l));
  return (err ?? lines.at(-1) ?? "no output").slice(0, 200);
}
