import type { Candidate, Scored } from "./select.ts";

/** "provider/model". */
export function nameOf(candidate: Candidate): string {
  return `${candidate.provider}/${candidate.model}`;
}

/** A score or ratio as reasons and tables print it. */
export function fixed2(x: number): string {
  return x.toFixed(2);
}

/** How many scores a candidate has (0 without a row). */
export function scoresOf(s: Scored): number {
  return s.row?.quality.n ?? 0;
}

/** Quality mean and lower bound with n, or "no scores yet". */
export function provenQuality(s: Scored): string {
  const q = s.row?.quality;
  return q && q.n > 0 ? `${fixed2(q.mean)}, lower bound ${fixed2(q.low)}, n=${q.n}` : "no scores yet, n=0";
}

/** Quality mean with n, or "no scores yet". */
export function meanQuality(s: Scored): string {
  const q = s.row?.quality;
  return q && q.n > 0 ? `quality ${fixed2(q.mean)}, n=${q.n}` : "no scores yet, n=0";
}

/** Every reason's shape: "<claim> (<the chosen's figures>) vs <runner-up> (<its figures>)". */
export function because(
  claim: string,
  chosen: Scored,
  runnerUp: Scored | undefined,
  figures: (s: Scored) => string,
  all: readonly Scored[],
): string {
  return `${claim} (${figures(chosen)})${versus(runnerUp, figures, all)}`;
}

/** "vs <runner-up> (<figures>)", or what there was instead of a runner-up. */
function versus(runnerUp: Scored | undefined, figures: (s: Scored) => string, all: readonly Scored[]): string {
  if (runnerUp) return ` vs ${nameOf(runnerUp.candidate)} (${figures(runnerUp)})`;
  return all.length > 1 ? ` vs ${all.length - 1} candidate(s) without data` : " (the only candidate)";
}
