import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sandboxAvailable, SANDBOX_RUN_CHANNEL, type SandboxRun } from "../src/index.ts";
import { sandboxedNode, scratch } from "./helpers.ts";

const sandbox = await sandboxAvailable({ mode: "bubblewrap" });
// Runs get a cgroup only as root (the pids limit); CI runs as root.
const root = process.getuid?.() === 0;

describe.skipIf(!sandbox.ok || !root)("a sandboxed run's CPU time", () => {
  let dir: ReturnType<typeof scratch>;
  beforeEach(() => {
    dir = scratch();
  });
  afterEach(() => dir.dispose());

  it("is counted from its cgroup, children included, and published when the run ends", async () => {
    const published: SandboxRun[] = [];
    const listener = (run: unknown) => void published.push(run as SandboxRun);
    subscribe(SANDBOX_RUN_CHANNEL, listener);
    try {
      // 600 ms of busy loop in a child of the sandboxed command: none of it is the caller's child.
      const spin = "const end = Date.now() + 600; while (Date.now() < end);";
      const script = `require("child_process").execFileSync(process.execPath, ["-e", ${JSON.stringify(spin)}]);`;
      const run = await sandboxedNode(dir.worktree, script);
      expect(run.exitCode).toBe(0);
      expect(run.cpuMs).toBeGreaterThanOrEqual(500);
      expect(run.cpuMs).toBeLessThan(run.durationMs + 2_000);
      expect(published).toEqual([run]);
    } finally {
      unsubscribe(SANDBOX_RUN_CHANNEL, listener);
    }
  });
});
