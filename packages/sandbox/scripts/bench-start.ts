/**
 * What the sandbox costs to start: `true` run in it (the full profile, its limits, and a pids
 * cgroup when running as root) next to a bare spawn of `true`, the median of N runs each. Prints
 * figures and asserts nothing.
 *
 *   node --import tsx packages/sandbox/scripts/bench-start.ts [runs]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { runSandboxed, sandboxAvailable } from "../src/index.ts";

const runs = Number(process.argv[2] ?? 50);
const limits = { wallMs: 10_000, cpuSeconds: 10, memoryBytes: 256 * 1024 * 1024, processes: 64, outputBytes: 65_536 };

const bareTrue = () =>
  new Promise<void>((resolve, reject) => {
    const child = spawn("true", { stdio: "ignore" });
    child.on("error", reject);
    child.on("close", () => resolve());
  });

async function timings(label: string, once: () => Promise<unknown>): Promise<void> {
  await once(); // warm-up: the first sandboxed run pays for the probe
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await once();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(1);
  console.log(`${label.padEnd(22)} median ${at(0.5).padStart(6)} ms   p90 ${at(0.9).padStart(6)} ms   (${runs} runs)`);
}

const sandbox = await sandboxAvailable();
if (!sandbox.ok) {
  console.log(`no sandbox here: ${sandbox.reason}`);
  process.exitCode = 1;
} else {
  const worktree = mkdtempSync(join(tmpdir(), "flotilla-sandbox-bench-"));
  try {
    console.log(`sandbox start cost, bubblewrap ${sandbox.version}`);
    await timings("bare spawn of true", bareTrue);
    await timings("true in the sandbox", () => runSandboxed({ command: "true", cwd: worktree, limits }));
  } finally {
    rmSync(worktree, { recursive: true, force: true });
  }
}
