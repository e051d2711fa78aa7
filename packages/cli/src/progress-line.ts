import type { TaskProgress } from "@flotilla/contracts";

/** One line of live progress: share done, team, step, what happened. */
export function progressLine(p: Pick<TaskProgress, "progress" | "team" | "step" | "phase" | "detail">): string {
  const pct = `${Math.round(p.progress * 100)}%`.padStart(4);
  return `${pct}  ${p.team.padEnd(13)} ${p.step.padEnd(9)} ${p.phase.padEnd(8)} ${p.detail}`;
}
