import { QUALITY_DIMENSIONS, type QualityDimension, type QualityRecord } from "@flotilla/contracts";

/**
 * How much each dimension counts in a record's score. Efficiency counts for nothing here: it is
 * relative to the other models of the same work, so only the leaderboard can compute it.
 */
export const DIMENSION_WEIGHTS: Record<QualityDimension, number> = {
  correctness: 3,
  completeness: 2,
  code_quality: 2,
  clarity: 1,
  efficiency: 0,
};

/**
 * The weighted mean of a record's present dimension values; null when it has none.
 *
 * @example
 * recordScore(r) // r: correctness 1, clarity 0 -> (3·1 + 1·0) / 4 = 0.75
 */
export function recordScore(record: QualityRecord): number | null {
  let weighted = 0;
  let weights = 0;
  for (const dimension of QUALITY_DIMENSIONS) {
    const score = record.dimensions[dimension];
    const weight = DIMENSION_WEIGHTS[dimension];
    if (score?.value == null || weight === 0) continue;
    weighted += weight * score.value;
    weights += weight;
  }
  return weights > 0 ? weighted / weights : null;
}
