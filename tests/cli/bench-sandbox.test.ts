import { describe, expect, it } from "vitest";
import { sandboxAvailable } from "@flotilla/sandbox";
import { benchSandbox } from "../../packages/cli/src/bench/sandbox.ts";

const sandbox = await sandboxAvailable({ mode: "bubblewrap" });

describe("benchSandbox", () => {
  it.skipIf(!sandbox.ok)("times /bin/true bare and in bubblewrap, and prints one line", async () => {
    const lines: string[] = [];
    const figures = await benchSandbox({ runs: 3, print: (line) => lines.push(line) });
    expect(figures).toBeDefined();
    const { bareMs, sandboxMs, ratio, bareP95Ms, sandboxP95Ms, runs } = figures!;
    for (const value of [bareMs, sandboxMs, ratio, bareP95Ms, sandboxP95Ms]) expect(value).toBeGreaterThan(0);
    expect(runs).toBe(3);
    expect(lines).toEqual([expect.stringMatching(/^sandbox start: bare spawn [\d.]+ ms · bubblewrap .+ median of 3/)]);
  });
});
