import { existsSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { runForeground } from "../child.ts";
import { ROOT } from "../paths.ts";

/**
 * `flotilla test [vitest args...]`: `vitest run` with the root vitest.config.ts. The tests start
 * their own nats-server and Qdrant (tests/setup/global-setup.ts), so nothing else is needed here.
 */
export async function runTest(args: string[]): Promise<number> {
  const vitest = join(ROOT, "node_modules", ".bin", "vitest");
  if (!existsSync(vitest)) throw new Error("vitest is not installed: run scripts/flotilla (it runs pnpm install)");
  // The .bin shim runs `node` from PATH: make that the Node we run on (>= 22), not an older one.
  const path = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ""}`;
  return runForeground(vitest, ["run", ...args], { cwd: ROOT, env: { ...process.env, PATH: path } });
}
