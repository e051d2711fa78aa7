import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { programMarkers, type EntryName, type TeamName } from "./build/index.ts";
import { teamOfInstance } from "./instances.ts";
import { RUN_DIR } from "./paths.ts";

/** A process that `up`/`mcp` started and recorded in .flotilla/run/<name>.pid. */
export interface Recorded {
  name: string;
  pid: number;
  /** A team instance's FLOTILLA_INSTANCE_ID (the second line), to find its health reports. */
  instanceId?: string;
}

export function writePid(name: string, pid: number, instanceId?: string): void {
  mkdirSync(RUN_DIR, { recursive: true });
  writeFileSync(join(RUN_DIR, `${name}.pid`), `${pid}\n${instanceId ? `${instanceId}\n` : ""}`);
}

export function removePid(name: string): void {
  rmSync(join(RUN_DIR, `${name}.pid`), { force: true });
}

export function readPid(name: string): number | undefined {
  return readPids().find((r) => r.name === name)?.pid;
}

export function readPids(): Recorded[] {
  if (!existsSync(RUN_DIR)) return [];
  return readdirSync(RUN_DIR)
    .filter((f) => f.endsWith(".pid"))
    .map((f) => {
      const [pid = "", instanceId] = readFileSync(join(RUN_DIR, f), "utf8").trim().split("\n");
      return {
        name: f.slice(0, -4),
        pid: Number(pid.trim()),
        ...(instanceId ? { instanceId: instanceId.trim() } : {}),
      };
    })
    .filter((r) => Number.isInteger(r.pid) && r.pid > 0);
}

/**
 * Whether `pid` still runs the program we recorded. A pid file can outlive a reboot and its
 * number be reused by something else, which we must never signal. Where /proc is missing
 * (macOS) we cannot tell and trust the number.
 */
export function runsProgram(pid: number, name: string): boolean {
  const file = `/proc/${pid}/cmdline`;
  if (!existsSync("/proc/self")) return true;
  if (!existsSync(file)) return false;
  const cmd = readFileSync(file, "utf8").replaceAll("\0", " ");
  if (name === "nats-server" || name === "qdrant") return cmd.includes(name);
  // Started from the build or, when it could not be made, from source (build/command.ts).
  const entry: EntryName = name === "dashboard" ? "dashboard" : `team-${teamOfInstance(name) ?? (name as TeamName)}`;
  return programMarkers(entry).some((marker) => cmd.includes(marker));
}
