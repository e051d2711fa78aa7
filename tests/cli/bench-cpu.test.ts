import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { withSandboxCpu, type CpuShares } from "../../packages/cli/src/bench/cpu.ts";
import { readProfiles, sandboxCpuTotal, taskProfile } from "../../packages/cli/src/bench/counters.ts";

const dir = mkdtempSync(join(tmpdir(), "flotilla-bench-cpu-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const shares = (over: Partial<CpuShares> = {}): CpuShares => ({
  seconds: 10,
  cores: 2,
  teams: 0.2,
  children: 0.1,
  nats: 0.05,
  qdrant: 0.05,
  bench: 0.01,
  rest: 0.5,
  others: [],
  idle: 0.09,
  teamCores: {},
  busiest: { name: "qa", core: 0.1 },
  ...over,
});

describe("the sandboxed runs' CPU time in the bench", () => {
  it("is read from every process's profile, the last line of a task winning", () => {
    const line = (task: string, sandbox?: number) =>
      JSON.stringify({ team: "qa", pid: 1, task, io: {}, work_ms: { sandbox: 900 }, cpu_ms: { sandbox } });
    writeFileSync(join(dir, "qa-1.jsonl"), [line("t1", 100), line("t1", 400), line("t2", 200)].join("\n"));
    writeFileSync(
      join(dir, "devops-2.jsonl"),
      line("t1", 300).replace('"qa"', '"devops"').replace('"pid":1', '"pid":2'),
    );
    const files = readProfiles(dir);
    expect(sandboxCpuTotal(files)).toBe(400 + 200 + 300);
    expect(taskProfile(files, ["t1", "t2"]).sandboxCpuMs).toBe((400 + 300 + 200) / 2);
  });

  it("moves from what /proc could not name (rest) to children, never more than rest holds", () => {
    // 10 s on 2 cores: 4 CPU-s of sandboxed runs are 20 % of the machine.
    expect(withSandboxCpu(shares(), 4_000)).toMatchObject({ children: 0.1 + 0.2, rest: 0.5 - 0.2 });
    const capped = withSandboxCpu(shares({ rest: 0.05 }), 4_000);
    expect(capped.children).toBeCloseTo(0.15);
    expect(capped.rest).toBe(0);
  });
});
