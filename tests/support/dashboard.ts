import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./fleet.ts";

export interface DashboardCli {
  url: string;
  proc: ChildProcess;
  /** What it printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * `flotilla dashboard` as a person runs it (the CLI's entry point, in the foreground), with
 * `env` on top of ours. Resolves with its URL once it prints it; rejects with its output if it
 * exits first.
 */
export function startDashboardCli(env: Record<string, string>): Promise<DashboardCli> {
  const proc = spawn(process.execPath, ["--import", "tsx", join(ROOT, "packages/cli/src/main.ts"), "dashboard"], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once("exit", resolve));
    proc.kill("SIGTERM");
    await exited;
  };
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const url = /dashboard: (http:\/\/\S+)/.exec(text)?.[1];
      if (url) resolve({ url, proc, output: () => text, stop });
    };
    proc.stdout!.on("data", onData);
    proc.stderr!.on("data", onData);
    proc.once("exit", (code) =>
      reject(Object.assign(new Error(`flotilla dashboard exited with ${code}:\n${text}`), { code, text })),
    );
  });
}
