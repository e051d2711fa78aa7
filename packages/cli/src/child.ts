import { spawn, type SpawnOptions } from "node:child_process";
import { constants } from "node:os";

/**
 * Runs a program in the foreground with our stdio and resolves with its exit code. SIGINT and
 * SIGTERM are forwarded rather than killing us first, so the child can shut down cleanly
 * (an MCP server closing its bus connections, vitest stopping its servers).
 */
export function runForeground(command: string, args: string[], opts: SpawnOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...opts, stdio: "inherit" });
    const forward = (sig: NodeJS.Signals) => () => child.kill(sig);
    const onInt = forward("SIGINT");
    const onTerm = forward("SIGTERM");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      // Shell convention: killed by a signal -> 128 + its number.
      resolve(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1));
    });
  });
}
