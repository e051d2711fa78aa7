import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runSandboxed, sandboxAvailable } from "../src/index.ts";
import { LIMITS, leftovers, marker, sandboxedNode, scratch } from "./helpers.ts";

const sandbox = await sandboxAvailable({ mode: "bubblewrap" });
const MB = 1024 * 1024;

describe.skipIf(!sandbox.ok)(`sandbox limits (${sandbox.ok ? sandbox.version : "skipped: " + sandbox.reason})`, () => {
  let dir: ReturnType<typeof scratch>;
  beforeEach(() => {
    dir = scratch();
  });
  afterEach(() => dir.dispose());

  const sh = (script: string, limits = LIMITS) =>
    runSandboxed({ command: "/bin/sh", args: ["-c", script], cwd: dir.worktree, limits, mode: "bubblewrap" });

  it("refuses forks beyond the process limit, reports it, and leaves no process behind", async () => {
    const tag = marker();
    // A thousand long-lived subshells; dash gives up at the first refused fork.
    const run = await sh(
      `i=0; while [ $i -lt 1000 ]; do { while :; do sleep 1; done; } & i=$((i+1)); done; wait # ${tag}`,
      {
        ...LIMITS,
        wallMs: 10_000,
      },
    );
    expect(run.limitHit).toBe("processes");
    expect(run.exitCode).not.toBe(0);
    expect(await leftovers(tag)).toEqual([]);
  });

  it("ends a recursive fork bomb within its limits and leaves no process behind", async () => {
    const tag = marker();
    const run = await sh(`bomb() { bomb & bomb; }; bomb # ${tag}`, { ...LIMITS, wallMs: 5_000 });
    // The bomb's first shell usually dies of a refused fork at once; the wall time is the backstop.
    expect(["processes", "wall_time"]).toContain(run.limitHit);
    expect(run.durationMs).toBeLessThan(5_000 + 10_000);
    expect(await leftovers(tag)).toEqual([]);
  });

  it("kills an endless loop at the wall time", async () => {
    const tag = marker();
    const run = await sandboxedNode(dir.worktree, `/* ${tag} */ for (;;) {}`, { limits: { ...LIMITS, wallMs: 2_000 } });
    expect(run).toMatchObject({ limitHit: "wall_time", signal: "SIGKILL", exitCode: null });
    expect(run.durationMs).toBeGreaterThanOrEqual(2_000);
    expect(run.durationMs).toBeLessThan(2_000 + 10_000);
    expect(await leftovers(tag)).toEqual([]);
  });

  it("stops a busy loop at the CPU time", async () => {
    const tag = marker();
    const run = await sandboxedNode(dir.worktree, `/* ${tag} */ for (;;) {}`, { limits: { ...LIMITS, cpuSeconds: 1 } });
    expect(run).toMatchObject({ limitHit: "cpu_time", signal: "SIGXCPU", exitCode: null });
    expect(await leftovers(tag)).toEqual([]);
  });

  it("denies allocating 4 GB under a 256 MB memory limit", async () => {
    const script = `const kept = []; for (let i = 0; i < 64; i++) kept.push(Buffer.alloc(64 * 1024 * 1024, 1));
      console.log("allocated", kept.length * 64, "MB");`;
    const run = await sandboxedNode(dir.worktree, script, { limits: { ...LIMITS, memoryBytes: 256 * MB } });
    expect(run.limitHit).toBe("memory");
    expect(run.exitCode).not.toBe(0);
    expect(run.stdout.text).not.toContain("allocated");
  });

  it("cuts and kills a command printing 100 MB at the output limit", async () => {
    const tag = marker();
    const script = `/* ${tag} */ const chunk = Buffer.alloc(64 * 1024, "x");
      for (let i = 0; i < 1600; i++) require("fs").writeSync(1, chunk);`;
    const run = await sandboxedNode(dir.worktree, script, { limits: { ...LIMITS, outputBytes: MB } });
    expect(run).toMatchObject({ limitHit: "output", signal: "SIGKILL", exitCode: null });
    expect(run.stdout.truncated).toBe(true);
    expect(Buffer.byteLength(run.stdout.text)).toBeLessThanOrEqual(MB);
    expect(run.stdout.text.length).toBeGreaterThan(0);
    expect(await leftovers(tag)).toEqual([]);
  });
});
