import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RUN_DIR } from "./paths.ts";

/** A process that `up`/`mcp` started and recorded in .flotilla/run/<name>.pid. */
export interface Recorded {
  name: string;
  pid: number;
}

export function writePid(name: string, pid: number): void {
  mkdirSync(RUN_DIR, { recursive: true });
  writeFileSync(join(RUN_DIR, `${name}.pid`), `${pid}\n`);
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
    .map((f) => ({ name: f.slice(0, -4), pid: Number(readFileSync(join(RUN_DIR, f), "utf8").trim()) }))
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
  const hint =
    name === "nats-server" || name === "qdrant"
      ? name
      : name === "dashboard"
        ? "packages/dashboard/src/main.ts"
        : `teams/${name}/src/main.ts`;
  return cmd.includes(hint);
}
