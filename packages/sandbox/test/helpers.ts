import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { runSandboxed, type SandboxLimits, type SandboxRequest } from "../src/index.ts";

/** The node running the tests, bound read-only into the sandbox so that `node -e` works inside. */
export const NODE = realpathSync(process.execPath);
export const NODE_DIR = dirname(NODE);

/** Generous everywhere except where a test tightens one limit. */
export const LIMITS: SandboxLimits = {
  wallMs: 20_000,
  cpuSeconds: 20,
  memoryBytes: 512 * 1024 * 1024,
  processes: 64,
  outputBytes: 1024 * 1024,
};

/** A temp root holding the worktree (`wt/`) and things beside it that the sandbox must not reach. */
export function scratch() {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "flotilla-sandbox-test-")));
  const worktree = join(root, "wt");
  mkdirSync(worktree);
  return { root, worktree, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** Runs `node -e script` in the sandbox; `marker` (put in the script) lets a test find leftover processes. */
export function sandboxedNode(cwd: string, script: string, more: Partial<SandboxRequest> = {}) {
  return runSandboxed({
    command: NODE,
    args: ["-e", script],
    cwd,
    env: { PATH: `${NODE_DIR}:/usr/bin:/bin` },
    limits: LIMITS,
    readOnlyPaths: [NODE_DIR],
    mode: "bubblewrap",
    ...more,
  });
}

export const marker = () => `flotilla-sandbox-marker-${randomUUID()}`;

/** Host processes whose command line carries `text`. */
function processesWith(text: string): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(text);
      } catch {
        return false; // exited while we looked
      }
    })
    .map(Number);
}

/** Host processes still carrying `text` after up to 2 s (the kernel reaps a killed namespace asynchronously). */
export async function leftovers(text: string): Promise<number[]> {
  for (let i = 0; i < 40; i++) {
    const found = processesWith(text);
    if (found.length === 0) return found;
    await sleep(50);
  }
  return processesWith(text);
}
