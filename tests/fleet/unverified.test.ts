import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QualityRecord, renderOutcome, TestRunResult } from "@flotilla/contracts";
import { startFleet, type Fleet } from "../support/fleet.ts";
import { runTask } from "../support/submit.ts";

// The machine as it would be without bubblewrap: every program of /usr/bin except bwrap (and no
// Docker: the sandbox setting stays bubblewrap). Generated code must then never run.
const bin = mkdtempSync(join(tmpdir(), "flotilla-no-bwrap-"));
let fleet: Fleet;

beforeAll(async () => {
  mkdirSync(join(bin, "bin"));
  for (const name of readdirSync("/usr/bin"))
    if (name !== "bwrap") symlinkSync(join("/usr/bin", name), join(bin, "bin", name));
  fleet = await startFleet({ env: { PATH: `${join(bin, "bin")}:${dirname(process.execPath)}` } });
}, 180_000);
afterAll(async () => {
  await fleet?.stop();
  rmSync(bin, { recursive: true, force: true });
});

describe("no sandbox on the machine", () => {
  it("runs no generated code: QA and the health check are unverified, and the outcome says so", async () => {
    const o = await runTask(fleet, "Add a slugify(text) helper [sim:qa:bugs=1]", 120_000);
    expect(o.verification).toBe("unverified");
    expect(renderOutcome(o)).toMatch(/UNVERIFIED: no sandbox was available/);
    const qa = o.packets.find((p) => p.id === "qa-1");
    // The buggy round-1 code was never run, so nothing found its bug: unverified, never pass.
    expect(qa?.runs[0]).toMatchObject({ kind: "tests", verdict: "unverified", total: 0 });
    const run = TestRunResult.parse(await fleet.bus.objects.getJson(qa!.runs[0]!.location!));
    expect(run).toMatchObject({ verdict: "unverified", exitCode: null });
    expect(run.message).toMatch(/bwrap is not on PATH/);
    expect(o.packets.find((p) => p.id === "development-1")?.runs[0]).toMatchObject({ verdict: "unverified" });
    expect(o.packets.find((p) => p.id === "devops-1")?.runs[0]).toMatchObject({
      kind: "health",
      verdict: "unverified",
    });
    expect(o.packets.flatMap((p) => p.runs).some((r) => r.verdict === "pass")).toBe(false);

    // The quality records say what could not be measured instead of inventing a score.
    const measured = (await fleet.knowledge.list("quality_metrics", { task_id: o.task_id, team: "development" }))
      .map((p) => QualityRecord.parse(p.payload))
      .filter((r) => r.source === "validation" || r.source === "tests");
    expect(measured.map((r) => r.source).sort()).toEqual(["tests", "validation"]);
    for (const r of measured)
      for (const dimension of Object.values(r.dimensions))
        expect(dimension).toMatchObject({ value: null, missing: expect.stringMatching(/^no sandbox/) });
  }, 180_000);
});
