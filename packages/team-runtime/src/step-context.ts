import { cutText, ITEMS, MAX, type ContextRef, type WorkflowContext } from "@flotilla/contracts";
import type { TeamContext } from "./types.ts";
import { codeContext, type Worktree } from "./worktree.ts";
import { contextPrompt, retrieveContext } from "./retrieval.ts";
import { retrieveLessons } from "./lessons/index.ts";

export interface StepContext {
  /** Knowledge chunks and lessons, as the prompt numbers them [K1], [K2], ... */
  knowledge: ContextRef[];
  /** The repository files the author is shown, when the step works in a clone. */
  files: ContextRef[];
  /** Everything cited, within a result message's limits (recorded in the step record). */
  citations: ContextRef[];
  /** The prompt's context sections: the repository files, then the knowledge. */
  prompt: string;
}

/**
 * Knowledge from Qdrant and the lessons of earlier work (what went wrong, what fixed it) for a
 * step, every search at once. Read-only, so a step starts it early, beside its rating.
 */
export async function retrieveForStep(ctx: TeamContext, wf: WorkflowContext, step: string): Promise<ContextRef[]> {
  const query = `${wf.task_description}\n${step}`;
  const [found, lessons] = await Promise.all([
    retrieveContext(ctx, query, wf.task_id),
    retrieveLessons(ctx, { query, team: ctx.team, agent: ctx.author.spec.name, taskId: wf.task_id }),
  ]);
  return [...found, ...lessons];
}

/**
 * What the author is given besides the work request: the knowledge and lessons retrieved (cited
 * alike), and the relevant files of the step's clone.
 */
export async function gatherContext(
  ctx: TeamContext,
  wf: WorkflowContext,
  retrieved: Promise<ContextRef[]>,
  worktree: Worktree | undefined,
): Promise<StepContext> {
  const [knowledge, code] = await Promise.all([
    retrieved,
    worktree ? codeContext(worktree, `${wf.task_description}\n${wf.feedback.join("\n")}`) : undefined,
  ]);
  const files = code?.refs ?? [];
  return {
    knowledge,
    files,
    citations: [...knowledge, ...files].map(citation),
    prompt: [code?.prompt ?? "", contextPrompt(knowledge)].filter(Boolean).join("\n\n"),
  };
}

/** A citation within the result message's limits (a JSON chunk may name many fields as its headings). */
const citation = (ref: ContextRef): ContextRef => ({
  ...ref,
  point_id: cutText(ref.point_id, MAX.path),
  ...(ref.source === undefined ? {} : { source: cutText(ref.source, MAX.path) }),
  ...(ref.heading_path ? { heading_path: ref.heading_path.slice(0, ITEMS.few).map((h) => cutText(h, MAX.line)) } : {}),
});
