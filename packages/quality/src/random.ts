/**
 * A deterministic PRNG (mulberry32) in [0, 1) from a seed, so exploration can be replayed in
 * tests; Math.random when no seed is given.
 *
 * @example
 * const rng = seededRandom(42); rng(); // the same sequence on every run
 */
export function seededRandom(seed?: number): () => number {
  if (seed === undefined) return Math.random;
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One draw from Beta(a, b), as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b).
 *
 * @example
 * sampleBeta(seededRandom(1), 6, 1) // most draws near 1
 */
export function sampleBeta(rng: () => number, a: number, b: number): number {
  const x = sampleGamma(rng, a);
  const y = sampleGamma(rng, b);
  // Tiny shapes can underflow both draws to 0; the mean is the honest answer then.
  return x + y > 0 ? x / (x + y) : a / (a + b);
}

/** Gamma(shape, 1) by Marsaglia–Tsang; shape < 1 via Gamma(shape + 1) · U^(1/shape). */
function sampleGamma(rng: () => number, shape: number): number {
  if (shape < 1) return sampleGamma(rng, shape + 1) * Math.pow(openUnit(rng), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = standardNormal(rng);
    const v = Math.pow(1 + c * x, 3);
    if (v <= 0) continue;
    const u = openUnit(rng);
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Box–Muller. */
function standardNormal(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(openUnit(rng))) * Math.cos(2 * Math.PI * rng());
}

/** A draw in (0, 1]: logarithms of it are finite. */
function openUnit(rng: () => number): number {
  return 1 - rng();
}
