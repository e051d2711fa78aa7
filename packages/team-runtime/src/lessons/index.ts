export { lessonsFromStep, LESSON_TEXT_MAX, type LessonDraft, type StepFacts } from "./lessons-from-step.ts";
export {
  LESSON_COLLECTIONS,
  lessonText,
  MERGE_SIMILARITY,
  writeLesson,
  type LessonCollection,
  type LessonToWrite,
  type WrittenLesson,
} from "./lesson-store.ts";
export { lessonExcerpt, retrieveLessons, type LessonQuery } from "./lesson-retrieval.ts";
export { FAILURE_COLLECTION, failureKindOf, recordFailure, type FailureToRecord } from "./failure-records.ts";
