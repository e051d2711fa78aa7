import { describe, expect, it } from "vitest";
import { posterior, sampleBeta, seededRandom, wilson } from "../src/index.ts";

describe("wilson", () => {
  it("matches published 95 % intervals", () => {
    // Wilson intervals at z = 1.96: 0/10 -> [0, 0.2775], 5/10 -> [0.2366, 0.7634], 8/10 -> [0.4902, 0.9433].
    const none = wilson(0, 10, 1.96);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.2775, 4);
    const half = wilson(5, 10, 1.96);
    expect(half.low).toBeCloseTo(0.2366, 4);
    expect(half.high).toBeCloseTo(0.7634, 4);
    const most = wilson(8, 10, 1.96);
    expect(most.low).toBeCloseTo(0.4902, 4);
    expect(most.high).toBeCloseTo(0.9433, 4);
  });

  it("defaults to 90 % (z = 1.645) and is [0, 1] without data", () => {
    // 5 of 5 at z = 1.645: centre (1 + z²/10) / (1 + z²/5), half-width z·sqrt(z²/100) / (1 + z²/5).
    expect(wilson(5, 5).low).toBeCloseTo(0.6488, 4);
    expect(wilson(5, 5).high).toBe(1);
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
  });
});

describe("posterior", () => {
  it("is Beta(1 + Σs, 1 + Σ(1 − s)) with a Wilson 90 % interval", () => {
    const ones = posterior([1, 1, 1, 1, 1]);
    expect(ones.n).toBe(5);
    expect(ones.mean).toBeCloseTo(6 / 7, 10);
    expect(ones.low).toBeCloseTo(0.6488, 4);
    const zeros = posterior([0, 0, 0, 0, 0]);
    expect(zeros.mean).toBeCloseTo(1 / 7, 10);
    expect(zeros.low).toBe(0);
    expect(zeros.high).toBeCloseTo(1 - 0.6488, 4);
    // Fractional successes: Σs = 1.5 of n = 3 -> mean 2.5 / 5.
    expect(posterior([0.5, 0.5, 0.5]).mean).toBeCloseTo(0.5, 10);
  });

  it("says nothing without scores", () => {
    expect(posterior([])).toEqual({ n: 0, mean: 0.5, low: 0, high: 1 });
  });
});

describe("seededRandom and sampleBeta", () => {
  it("replays the same sequence for the same seed", () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const first = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(first);
    expect(Array.from({ length: 5 }, seededRandom(8))).not.toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it.each([
    [2, 5],
    [6, 1],
    [0.5, 0.5],
    [1, 1],
  ])("Beta(%s, %s) draws average a / (a + b)", (a, b) => {
    const rng = seededRandom(12345);
    const draws = Array.from({ length: 20_000 }, () => sampleBeta(rng, a, b));
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    expect(Math.abs(mean - a / (a + b))).toBeLessThan(0.01);
    expect(draws.every((x) => x >= 0 && x <= 1)).toBe(true);
  });
});
