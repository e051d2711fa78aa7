import { ITEMS, Lesson, stableId } from "@flotilla/contracts";
import type { KnowledgeHit, KnowledgeStore, PayloadFilter } from "@flotilla/knowledge";
import { similarity } from "@flotilla/quality";
import type { LessonDraft } from "./lessons-from-step.ts";

/** Where lessons live: the fleet's shared ones, and each agent's own copy. */
export const LESSON_COLLECTIONS = ["learning_patterns", "agent_memory"] as const;
export type LessonCollection = (typeof LESSON_COLLECTIONS)[number];

/** Lessons whose "went wrong" share this much of their words (Jaccard) are one lesson seen again. */
export const MERGE_SIMILARITY = 0.5;
/** Stored lessons compared with a new one: the best BM25 matches of the same team, step and trigger. */
const CANDIDATES = 5;

export interface WrittenLesson {
  collection: LessonCollection;
  id: string;
  /** True when the lesson went into an existing one (or had already). */
  merged: boolean;
}

type Store = Pick<KnowledgeStore, "search" | "upsert" | "retrieve">;
export type LessonToWrite = LessonDraft & { round: number };

/** A stored lesson and the step rounds it was written from (payload `rounds_seen`). */
interface Stored {
  id: string;
  lesson: Lesson;
  seen: string[];
}

/** The step round a lesson came from: a re-delivered step finds it and writes nothing again. */
const seenKey = (d: LessonToWrite) => `${d.task_id}/${d.packet_id ?? "-"}/r${d.round}`;

const appendOnce = (list: string[], item: string) => (list.includes(item) ? list : [...list, item]).slice(-ITEMS.few);

/** What BM25 indexes (and a person reads in Qdrant). */
export const lessonText = (l: Lesson) =>
  `lesson ${l.trigger} ${l.team} ${l.step} ${l.role} ${l.task_type}: went wrong: ${l.went_wrong} fixed by: ${l.fixed_by}`;

/**
 * Writes a lesson to `learning_patterns` and the author's copy to `agent_memory`. A lesson
 * similar enough to a stored one of the same team, step and trigger (and agent, in
 * agent_memory) is merged into it — one more occurrence, its task added — instead of piling up.
 *
 * @example
 * await writeLesson(ctx.knowledge, { ...draft, round: wf.round });
 * // [{ collection: "learning_patterns", id, merged: true }, { collection: "agent_memory", id, merged: false }]
 */
export async function writeLesson(knowledge: Store, draft: LessonToWrite): Promise<WrittenLesson[]> {
  // The team's copy and the agent's are separate points of separate collections: written side by side.
  return Promise.all(LESSON_COLLECTIONS.map((collection) => writeTo(knowledge, collection, draft)));
}

async function writeTo(knowledge: Store, collection: LessonCollection, draft: LessonToWrite): Promise<WrittenLesson> {
  const key = seenKey(draft);
  const mine = collection === "agent_memory";
  const ownId = stableId("lesson", collection, draft.team, draft.step, draft.trigger, key, mine ? draft.agent : "-");
  if ((await knowledge.retrieve(collection, [ownId])).length) return { collection, id: ownId, merged: false };

  const filter: PayloadFilter = {
    kind: "lesson",
    team: draft.team,
    step: draft.step,
    trigger: draft.trigger,
    ...(mine ? { agent: draft.agent } : {}),
  };
  const hits = await knowledge.search(collection, draft.went_wrong || draft.trigger, {
    limit: CANDIDATES,
    filter,
    using: "sparse",
  });
  const stored = hits.flatMap(storedOf);
  const already = stored.find((s) => s.seen.includes(key));
  if (already) return { collection, id: already.id, merged: true };

  const now = new Date().toISOString();
  const alike = mostSimilar(stored, draft.went_wrong);
  if (alike) {
    const old = alike.lesson;
    await put(knowledge, collection, alike.id, appendOnce(alike.seen, key), {
      ...old,
      tags: [...new Set([...old.tags, ...draft.tags])].slice(0, ITEMS.few),
      fixed_by: draft.resolved ? draft.fixed_by : old.fixed_by,
      resolved: old.resolved || draft.resolved,
      task_ids: appendOnce(old.task_ids, draft.task_id),
      occurrences: old.occurrences + 1,
      last_seen: now,
    });
    return { collection, id: alike.id, merged: true };
  }
  // Lesson.parse leaves out what the draft carries besides the record (task_id, packet_id, round).
  const lesson = Lesson.parse({
    ...draft,
    kind: "lesson",
    task_ids: [draft.task_id],
    occurrences: 1,
    first_seen: now,
    last_seen: now,
  });
  await put(knowledge, collection, ownId, [key], lesson);
  return { collection, id: ownId, merged: false };
}

function storedOf(hit: KnowledgeHit): Stored[] {
  const parsed = Lesson.safeParse(hit.payload);
  if (!parsed.success) return [];
  const seen = Array.isArray(hit.payload.rounds_seen)
    ? hit.payload.rounds_seen.filter((s) => typeof s === "string")
    : [];
  return [{ id: hit.id, lesson: parsed.data, seen }];
}

function mostSimilar(stored: Stored[], wentWrong: string): Stored | undefined {
  let best: { at: Stored; score: number } | undefined;
  for (const s of stored) {
    const score = similarity(s.lesson.went_wrong, wentWrong);
    if (score >= MERGE_SIMILARITY && (!best || score > best.score)) best = { at: s, score };
  }
  return best?.at;
}

async function put(knowledge: Store, collection: string, id: string, seen: string[], lesson: Lesson): Promise<void> {
  const record = Lesson.parse(lesson);
  await knowledge.upsert(collection, [{ id, text: lessonText(record), payload: { ...record, rounds_seen: seen } }]);
}
