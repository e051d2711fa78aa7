import { clipText, cutText, Lesson, type ContextRef } from "@flotilla/contracts";
import type { KnowledgeStore, PayloadFilter } from "@flotilla/knowledge";
import type { Logger } from "@flotilla/log";
import { searchCollections, type CollectionHit } from "../collections-search.ts";

export interface LessonQuery {
  /** The task text (and step) the lessons should bear on. */
  query: string;
  team: string;
  agent: string;
  /** The current task: its own lessons are not cited back to it. */
  taskId: string;
}

/** The team's shared lessons, then the agent's own. */
const SOURCES: ReadonlyArray<{ collection: string; limit: number; filter: (q: LessonQuery) => PayloadFilter }> = [
  { collection: "learning_patterns", limit: 3, filter: (q) => ({ kind: "lesson", team: q.team }) },
  { collection: "agent_memory", limit: 2, filter: (q) => ({ kind: "lesson", team: q.team, agent: q.agent }) },
];

/** ContextRef.excerpt's limit. */
const EXCERPT_MAX = 400;

/**
 * The lessons that bear on a step, as citable context: the team's from `learning_patterns` and
 * the agent's own from `agent_memory`, found with the task text, the current task's own left out,
 * each lesson once. A collection that cannot be searched is skipped, never fatal.
 *
 * @example
 * const lessons = await retrieveLessons(ctx, { query: wf.task_description, team: ctx.team, agent, taskId });
 * contextPrompt([...knowledge, ...lessons]); // "[K4] learning_patterns · lesson:rejected › development › …"
 */
export async function retrieveLessons(
  ctx: { knowledge: Pick<KnowledgeStore, "search">; logger: Pick<Logger, "debug"> },
  q: LessonQuery,
): Promise<ContextRef[]> {
  const lists = await Promise.all(
    SOURCES.map((source) =>
      searchCollections(ctx.knowledge, cutText(q.query, 2_000), {
        collections: [source.collection],
        perCollection: source.limit,
        total: source.limit,
        filter: source.filter(q),
        exclude: (hit) => Array.isArray(hit.payload.task_ids) && hit.payload.task_ids.includes(q.taskId),
        onError: (collection, err) =>
          ctx.logger.debug(
            { collection, err: err instanceof Error ? err.message : String(err) },
            "lesson search skipped",
          ),
      }),
    ),
  );
  const seen = new Set<string>();
  const refs: ContextRef[] = [];
  for (const hit of lists.flat()) {
    const lesson = Lesson.safeParse(hit.payload);
    // The agent's copy of a team lesson says the same thing: cite it once.
    if (!lesson.success || seen.has(lesson.data.went_wrong)) continue;
    seen.add(lesson.data.went_wrong);
    refs.push(lessonRef(hit, lesson.data));
  }
  return refs;
}

function lessonRef(hit: CollectionHit, lesson: Lesson): ContextRef {
  return {
    collection: hit.collection,
    point_id: hit.id,
    score: hit.score,
    source: `lesson:${lesson.trigger}`,
    heading_path: [lesson.team, lesson.step, lesson.task_type],
    excerpt: lessonExcerpt(lesson),
  };
}

/** "went wrong: … — fixed by: … (seen N×)" in EXCERPT_MAX characters, the count always kept. */
export function lessonExcerpt(lesson: Lesson): string {
  const head = "went wrong: ";
  const middle = " — fixed by: ";
  const tail = ` (seen ${lesson.occurrences}×)`;
  const room = EXCERPT_MAX - head.length - middle.length - tail.length;
  // What went wrong matters most; the fix gets what it leaves, at least a third.
  const fixed = clipText(lesson.fixed_by, Math.max(Math.floor(room / 3), room - lesson.went_wrong.length));
  const wrong = clipText(lesson.went_wrong, room - fixed.length);
  return `${head}${wrong}${middle}${fixed}${tail}`;
}
