import {
  cutText,
  ITEMS,
  MAX,
  type Lesson,
  type LessonTrigger,
  type StepName,
  type TeamName,
} from "@flotilla/contracts";

/** What a finished step shows about its own troubles: the input of `lessonsFromStep`. */
export interface StepFacts {
  team: TeamName;
  step: StepName;
  role: string;
  agent: string;
  provider: string;
  model: string;
  taskId: string;
  /** The plan's work packet: packets of one step and round are lessons of their own. */
  packet?: string;
  taskType: string;
  language?: string;
  round: number;
  /** What the reviewers of the previous round reported (the workflow's feedback): non-empty in a re-done round. */
  feedback: string[];
  /** True when that feedback came from QA's failing tests (bug reports), false for a rejection/rating. */
  feedbackFromBugs: boolean;
  /** Sandbox fix loop: each failed run's text and whether a later candidate passed. */
  fixes: Array<{ failure: string }>;
  fixedAfterFixes: boolean;
  /** Vote attempts in order: the rejecting ballots' rationales and suggestions, and whether it reached consensus. */
  attempts: Array<{
    consensus: boolean;
    rejections: Array<{ agent: string; rationale: string; suggestions: string[] }>;
  }>;
  /** Summary of the candidate the team finally chose (what fixed it). */
  finalSummary: string;
  /** The final outcome of the step's vote. */
  voteAccepted: boolean;
}

/** A lesson before the store merges it: one task, no counts or dates yet. */
export type LessonDraft = Omit<Lesson, "kind" | "task_ids" | "occurrences" | "first_seen" | "last_seen"> & {
  task_id: string;
  packet_id?: string;
};

/** Enough to say what happened in a prompt, small enough to compare and to store. */
export const LESSON_TEXT_MAX = 1_500;

/**
 * Several texts within `max` characters: each gets an equal share, so a long first failure
 * cannot crowd out the ones after it.
 */
function joinWithin(parts: string[], max: number, separator = "\n"): string {
  const texts = parts
    .map((p) => p.trim())
    .filter(Boolean)
    .slice(0, ITEMS.few);
  if (!texts.length) return "";
  const share = Math.floor((max - separator.length * (texts.length - 1)) / texts.length);
  return cutText(texts.map((t) => cutText(t, share)).join(separator), max);
}

const rejectionText = (r: { rationale: string; suggestions: string[] }) =>
  r.suggestions.length ? `${r.rationale} (suggested: ${r.suggestions.join("; ")})` : r.rationale;

/**
 * The lessons a finished step teaches, one per trouble it met: work sent back or bugs reported
 * (a re-done round), a sandbox run that failed (the fix loop), a first vote without consensus.
 * A clean step teaches nothing. Pure: the caller writes them with `writeLesson`.
 *
 * @example
 * for (const draft of lessonsFromStep(facts)) await writeLesson(ctx.knowledge, { ...draft, round: facts.round });
 */
export function lessonsFromStep(facts: StepFacts): LessonDraft[] {
  const lessons: LessonDraft[] = [];
  const lesson = (trigger: LessonTrigger, wentWrong: string, resolved: boolean, notFixed: string) =>
    lessons.push(draftOf(facts, trigger, wentWrong, resolved, notFixed));

  if (facts.round > 1 && facts.feedback.length) {
    lesson(
      facts.feedbackFromBugs ? "bugs_found" : "rejected",
      joinWithin(facts.feedback, LESSON_TEXT_MAX) || "sent back without a reason given",
      facts.voteAccepted,
      `the re-done work of round ${facts.round} was not accepted by the team's vote`,
    );
  }
  if (facts.fixes.length) {
    lesson(
      "validation_failed",
      joinWithin(
        facts.fixes.map((f) => f.failure),
        LESSON_TEXT_MAX,
      ) || "the sandbox run failed without output",
      facts.fixedAfterFixes,
      `still failing after ${facts.fixes.length} fix round(s)`,
    );
  }
  const [first, ...later] = facts.attempts;
  if (first && !first.consensus) {
    lesson(
      "vote_failed",
      joinWithin(first.rejections.map(rejectionText), LESSON_TEXT_MAX) || "no consensus on the first attempt",
      later.some((a) => a.consensus),
      `no consensus after ${facts.attempts.length} attempt(s)`,
    );
  }
  return lessons;
}

function draftOf(
  facts: StepFacts,
  trigger: LessonTrigger,
  wentWrong: string,
  resolved: boolean,
  notFixed: string,
): LessonDraft {
  const tags = [facts.team, facts.role, facts.step, facts.taskType, trigger, facts.language]
    .filter((t): t is string => Boolean(t))
    .map((t) => cutText(t, MAX.id));
  return {
    trigger,
    team: facts.team,
    step: facts.step,
    role: facts.role,
    agent: facts.agent,
    provider: facts.provider,
    model: facts.model,
    task_type: facts.taskType,
    ...(facts.language ? { language: facts.language } : {}),
    tags: [...new Set(tags)].slice(0, ITEMS.few),
    went_wrong: wentWrong,
    fixed_by: resolved
      ? cutText(facts.finalSummary, LESSON_TEXT_MAX) || "fixed (no summary)"
      : `not fixed: ${notFixed}`,
    resolved,
    task_id: facts.taskId,
    ...(facts.packet ? { packet_id: facts.packet } : {}),
  };
}
