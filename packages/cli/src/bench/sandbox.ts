/**
 * What the sandbox costs to start: `/bin/true` run through `runSandboxed` (bubblewrap, the full
 * profile and limits, a pids cgroup when running as root) next to a bare spawn of `/bin/true`,
 * interleaved run by run. Prints figures, asserts nothing; without a sandbox it says so and
 * measures nothing.
 *
 *   flotilla bench (the sandbox line)
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runSandboxed, sandboxAvailable, type SandboxLimits } from "@flotilla/sandbox";
import { out } from "../say.ts";

export interface SandboxBenchFigures {
  /** Medians (ms). */
  bareMs: number;
  sandboxMs: number;
  /** sandboxMs / bareMs. */
  ratio: number;
  bareP95Ms: number;
  sandboxP95Ms: number;
  runs: number;
}
export interface BenchSandboxOptions {
  /** Timed runs of each (default 30), after one warm-up of each. */
  runs?: number;
  print?: (line: string) => void;
}

const TRUE = "/bin/true";
const LIMITS: SandboxLimits = {
  wallMs: 10_000,
  cpuSeconds: 10,
  memoryBytes: 256 * 1024 * 1024,
  processes: 64,
  outputBytes: 65_536,
};

const bareTrue = () =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(TRUE, { stdio: "ignore" });
    child.on("error", reject);
    child.on("close", () => resolve());
  });

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

/**
 * Times `runs` bare spawns and `runs` sandboxed runs of /bin/true, one after the other so that
 * drift hits both alike, and prints the medians and p95s. Resolves undefined, having printed why,
 * when there is no sandbox here.
 */
export async function benchSandbox(options: BenchSandboxOptions = {}): Promise<SandboxBenchFigures | undefined> {
  const { runs = 30, print = out } = options;
  const sandbox = await sandboxAvailable({ mode: "bubblewrap" });
  if (!sandbox.ok) {
    print(`sandbox start: not measured, no sandbox here (${sandbox.reason})`);
    return undefined;
  }
  const worktree = mkdtempSync(join(tmpdir(), "flotilla-bench-sandbox-"));
  const sandboxed = () => runSandboxed({ command: TRUE, cwd: worktree, limits: LIMITS, mode: "bubblewrap" });
  try {
    await bareTrue();
    await sandboxed();
    const bare: number[] = [];
    const boxed: number[] = [];
    for (let i = 0; i < runs; i++) {
      let started = performance.now();
      await bareTrue();
      bare.push(performance.now() - started);
      started = performance.now();
      const run = await sandboxed();
      boxed.push(performance.now() - started);
      if (run.exitCode !== 0) throw new Error(`${TRUE} failed in the sandbox: ${run.stderr.text || run.signal}`);
    }
    bare.sort((a, b) => a - b);
    boxed.sort((a, b) => a - b);
    const figures = {
      bareMs: percentile(bare, 0.5),
      sandboxMs: percentile(boxed, 0.5),
      ratio: percentile(boxed, 0.5) / percentile(bare, 0.5),
      bareP95Ms: percentile(bare, 0.95),
      sandboxP95Ms: percentile(boxed, 0.95),
      runs,
    };
    print(
      `sandbox start: bare spawn ${ms(figures.bareMs)} · bubblewrap ${sandbox.version} ${ms(figures.sandboxMs)} ` +
        `(×${figures.ratio.toFixed(1)}), median of ${runs}; p95 ${ms(figures.bareP95Ms)} · ${ms(figures.sandboxP95Ms)}`,
    );
    return figures;
  } finally {
    rmSync(worktree, { recursive: true, force: true });
  }
}
