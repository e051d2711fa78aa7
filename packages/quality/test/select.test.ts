import { describe, expect, it } from "vitest";
import { buildLeaderboard, chooseModel, seededRandom, type SelectionInput } from "../src/index.ts";
import { scored, usage } from "./helpers.ts";

const X = { provider: "openai", model: "model-x" };
const Y = { provider: "openai", model: "model-y" };
const TYPE = "feature/typescript";
/** X always wrong and fast, Y always right and slow. */
const rows = buildLeaderboard([
  ...scored("model-x", 0, 5),
  ...scored("model-y", 1, 5),
  usage("model-x", 1000, 100),
  usage("model-y", 4000, 100),
]);

function input(over: Partial<SelectionInput>): SelectionInput {
  return {
    strategy: "quality_first",
    candidates: [X, Y],
    rows,
    rng: seededRandom(1),
    exploreRate: 0.2,
    taskType: TYPE,
    ...over,
  };
}

describe("chooseModel", () => {
  it("quality_first picks the best proven quality and names both models' figures", () => {
    const { chosen, reason, views } = chooseModel(input({ strategy: "quality_first" }));
    expect(chosen).toEqual(Y);
    expect(reason).toBe(
      "quality_first: openai/model-y has the best proven quality for feature/typescript " +
        "(0.86, lower bound 0.65, n=5) vs openai/model-x (0.14, lower bound 0.00, n=5)",
    );
    expect(views).toEqual([
      { provider: "openai", model: "model-x", n: 5, quality: 1 / 7, latency_ms: 1000 },
      { provider: "openai", model: "model-y", n: 5, quality: 6 / 7, latency_ms: 4000 },
    ]);
  });

  it("quality_first falls back to the primary without scores", () => {
    const { chosen, reason, views } = chooseModel(input({ strategy: "quality_first", rows: [], candidates: [Y, X] }));
    expect(chosen).toEqual(Y);
    expect(reason).toBe("quality_first: no scores yet for feature/typescript: primary model openai/model-y");
    expect(views.map((v) => [v.n, v.quality, v.latency_ms])).toEqual([
      [0, null, null],
      [0, null, null],
    ]);
  });

  it("quality_first prefers a proven candidate over one without data", () => {
    const Z = { provider: "anthropic", model: "model-z" };
    const { chosen, reason } = chooseModel(input({ candidates: [Z, X] }));
    expect(chosen).toEqual(X);
    expect(reason).toContain("(0.14, lower bound 0.00, n=5) vs anthropic/model-z (no scores yet, n=0)");
  });

  it("speed_first skips fast models of poor quality", () => {
    const { chosen, reason } = chooseModel(input({ strategy: "speed_first" }));
    expect(chosen).toEqual(Y);
    expect(reason).toMatch(
      /^speed_first: openai\/model-y is the fastest with quality >= 0.5 .*median 4000 ms.*openai\/model-x/,
    );
  });

  it("speed_first takes the fastest when none is good, and the primary without latency", () => {
    const poor = buildLeaderboard([
      ...scored("model-x", 0, 5),
      ...scored("model-y", 0.2, 5),
      usage("model-x", 3000, 1),
      usage("model-y", 2000, 1),
    ]);
    expect(chooseModel(input({ strategy: "speed_first", rows: poor })).chosen).toEqual(Y);
    const noUsage = buildLeaderboard([...scored("model-x", 0, 5), ...scored("model-y", 1, 5)]);
    const fallback = chooseModel(input({ strategy: "speed_first", rows: noUsage }));
    expect(fallback.chosen).toEqual(X);
    expect(fallback.reason).toBe(
      "speed_first: no latency recorded yet for feature/typescript: primary model openai/model-x",
    );
  });

  it("balanced weighs quality 0.7 and relative speed 0.3", () => {
    // Y: 0.7·6/7 + 0.3·(1000/4000) = 0.675 (printed 0.67: binary floating point); X: 0.7·1/7 + 0.3·1 = 0.4.
    const { chosen, reason } = chooseModel(input({ strategy: "balanced" }));
    expect(chosen).toEqual(Y);
    expect(reason).toContain("(0.67 = 0.7 × quality 0.86 + 0.3 × speed 0.25, n=5) vs openai/model-x (0.40 = ");
    // Unknown quality counts 0.5: an unscored fast model beats a proven slow poor one.
    const Z = { provider: "anthropic", model: "model-z" };
    const zRows = buildLeaderboard([...scored("model-x", 0, 5), usage("model-z", 500, 1, { provider: "anthropic" })]);
    expect(chooseModel(input({ strategy: "balanced", candidates: [X, Z], rows: zRows })).chosen).toEqual(Z);
    expect(chooseModel(input({ strategy: "balanced", rows: [] })).reason).toBe(
      "balanced: no scores or latency yet for feature/typescript: primary model openai/model-x",
    );
  });

  it("explore tries the weaker model about exploreRate / 2 of the time", () => {
    const rng = seededRandom(2026);
    const draws = 5000;
    let picksX = 0;
    let trials = 0;
    for (let i = 0; i < draws; i++) {
      const { chosen, reason } = chooseModel(input({ strategy: "explore", rng, exploreRate: 0.2 }));
      if (chosen.model === "model-x") picksX += 1;
      if (reason.startsWith("explore: random trial (20 % of choices)")) trials += 1;
      else expect(reason).toMatch(/^explore: Thompson sampling picked /);
    }
    const rate = picksX / draws;
    console.log(`explore (rate 0.2): model-x chosen in ${(rate * 100).toFixed(2)} % of ${draws} choices`);
    expect(rate).toBeGreaterThanOrEqual(0.2 / 2 - 0.03);
    expect(rate).toBeLessThanOrEqual(0.2 / 2 + 0.05);
    expect(trials / draws).toBeCloseTo(0.2, 1);
  });

  it("explore with Thompson sampling names the draws, and is reproducible", () => {
    const a = chooseModel(input({ strategy: "explore", rng: seededRandom(5), exploreRate: 0 }));
    const b = chooseModel(input({ strategy: "explore", rng: seededRandom(5), exploreRate: 0 }));
    expect(a).toEqual(b);
    expect(a.reason).toMatch(
      /^explore: Thompson sampling picked openai\/model-y .*\(draw 0\.\d\d from quality 0\.86, n=5\) vs openai\/model-x \(draw 0\.\d\d/,
    );
    const random = chooseModel(input({ strategy: "explore", exploreRate: 1 }));
    expect(random.reason).toMatch(/^explore: random trial \(100 % of choices\): openai\/model-[xy] picked uniformly/);
  });

  it("refuses an empty candidate list", () => {
    expect(() => chooseModel(input({ candidates: [] }))).toThrow(/no candidate models for feature\/typescript/);
  });
});
