import { describe, expect, it } from "vitest";
import { buildLeaderboard, recordScore } from "../src/index.ts";
import { record, rowOf, scored, usage } from "./helpers.ts";

describe("recordScore", () => {
  it("weights correctness 3, completeness 2, code quality 2, clarity 1 and ignores efficiency", () => {
    const r = record({
      dimensions: {
        correctness: { value: 1, basis: "tests" },
        clarity: { value: 0, basis: "rating" },
        efficiency: { value: 0, basis: "tokens" },
        completeness: { value: null, basis: "rating", missing: "no plan" },
      },
    });
    expect(recordScore(r)).toBeCloseTo(3 / 4, 10);
    expect(recordScore(record({ dimensions: { efficiency: { value: 1, basis: "x" } } }))).toBeNull();
    expect(recordScore(record())).toBeNull();
  });
});

describe("buildLeaderboard", () => {
  const x = scored("model-x", 0, 5);
  const y = scored("model-y", 1, 5);

  it("ranks the model with the better proven quality first", () => {
    const rows = buildLeaderboard([...x, ...y]);
    expect(rows.map((r) => [r.model, r.rank])).toEqual([
      ["model-y", 1],
      ["model-x", 2],
    ]);
    const best = rowOf(rows, "model-y");
    expect(best.quality.n).toBe(5);
    expect(best.quality.mean).toBeCloseTo(6 / 7, 10);
    expect(best.records).toBe(5);
    expect(best.tasks).toBe(5);
    expect(best.agents).toEqual(["lead"]);
    expect(best.dimensions.correctness).toEqual({ mean: 1, n: 5 });
  });

  it("counts records of every source but scores only those with a score", () => {
    const taskId = x[0]!.task_id;
    const records = [
      ...x,
      usage("model-x", 1000, 500, { task_id: taskId }),
      record({ model: "model-x", source: "vote" }),
    ];
    const row = rowOf(buildLeaderboard(records), "model-x");
    expect(row.records).toBe(7);
    expect(row.tasks).toBe(6); // the usage record shares a task; the vote has its own
    expect(row.quality.n).toBe(5);
  });

  it("surfaces why a dimension has no value", () => {
    const missing = (reason: string) =>
      record({ dimensions: { clarity: { value: null, basis: "-", missing: reason } } });
    const rows = buildLeaderboard([...y, missing("no docs"), missing("no docs"), missing("rater failed")]);
    const row = rowOf(rows, "model-x");
    expect(row.dimensions.clarity).toEqual({ mean: null, n: 0, missing: "no docs" });
    expect(row.dimensions.code_quality.mean).toBeNull();
    expect(row.dimensions.code_quality.missing).toBe("not measured");
    expect(row.dimensions.efficiency).toEqual({ mean: null, n: 0, missing: "no usage recorded" });
  });

  it("computes efficiency relative to the most frugal model of the same work", () => {
    const records = [
      ...x,
      ...y,
      usage("model-x", 1000, 400),
      usage("model-x", 3000, 400), // median latency 2000
      usage("model-y", 4000, 800),
      usage("model-z", 500, 100, { role: "tester" }), // other work: not a baseline
    ];
    const rows = buildLeaderboard(records, { role: "lead developer" });
    const fast = rowOf(rows, "model-x");
    const slow = rowOf(rows, "model-y");
    expect(fast.latency_ms).toBe(2000);
    expect(fast.tokens).toBe(400);
    expect(fast.dimensions.efficiency).toEqual({ mean: 1, n: 2 });
    expect(slow.dimensions.efficiency.mean).toBeCloseTo((2000 / 4000 + 400 / 800) / 2, 10);
    expect(slow.dimensions.efficiency.n).toBe(1);
    expect(rows.map((r) => r.model)).not.toContain("model-z");
  });

  it("averages vote approval and marks simulated work", () => {
    const votes = [0.5, 1].map((approval_ratio) =>
      record({ source: "vote", simulated: true, evidence: { approval_ratio } }),
    );
    const row = rowOf(buildLeaderboard(votes), "model-x");
    expect(row.approval).toBe(0.75);
    expect(row.simulated).toBe(true);
    expect(row.latency_ms).toBeNull();
  });

  it("filters by task kind, role, team and model without changing ranks", () => {
    const python = scored("model-x", 1, 2, { task_type: "bugfix/python" });
    const records = [...x, ...y, ...python, ...scored("model-q", 1, 1, { task_type: "bugfix-ish/python" })];
    expect(buildLeaderboard(records, { task_type: "bugfix" }).map((r) => r.task_type)).toEqual(["bugfix/python"]);
    expect(buildLeaderboard(records, { task_type: "feature/typescript" })).toHaveLength(2);
    expect(buildLeaderboard(records, { task_type: "feature" })).toHaveLength(2); // the kind part
    expect(buildLeaderboard(records, { task_type: "feature/type" })).toHaveLength(0); // with "/": exact
    const onlyX = buildLeaderboard(records, { task_type: "feature/typescript", model: "model-x" });
    expect(onlyX.map((r) => [r.model, r.rank])).toEqual([["model-x", 2]]);
    expect(buildLeaderboard(records, { team: "qa" })).toEqual([]);
    expect(buildLeaderboard(records, { role: "tester" })).toEqual([]);
  });

  it("keeps teams apart and sorts by task type, role and rank", () => {
    const records = [
      ...scored("model-x", 1, 3, { team: "qa", role: "tester", task_type: "tests/go" }),
      ...scored("model-x", 0, 3),
      ...scored("model-x", 1, 3, { team: "qa" }),
    ];
    const rows = buildLeaderboard(records);
    expect(rows.map((r) => [r.task_type, r.role, r.team, r.rank])).toEqual([
      ["feature/typescript", "lead developer", "qa", 1],
      ["feature/typescript", "lead developer", "development", 2],
      ["tests/go", "tester", "qa", 1],
    ]);
  });
});
