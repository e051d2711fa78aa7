import { z } from "zod";

/**
 * The declared size of every message field (issue 10: size limits at the edge). Strings count
 * UTF-16 code units (zod's `.max`, `maxLength` in the JSON Schemas), lists count items. Anything
 * bulky (code, test suites, documents, whole run records) travels in an object store and rides
 * in a message as an `ObjectRef`, so a message within these limits stays well under NATS'
 * max_payload (1 MB by default); `publish` refuses whatever does not.
 */
export const MAX = {
  /** An id or a name: correlation and trace ids, team, agent, provider, model, instance, a ref's label. */
  id: 200,
  /** One line: a title, a command, a test name, a subject, a status, a git ref. */
  line: 1_000,
  /** Free text: a reason, a piece of feedback, an issue, a detail, a rationale. */
  text: 4_000,
  /** Long text: the task's description, the tail of a run's output, a reason made of several. */
  long: 20_000,
  /** A filesystem path (Linux' PATH_MAX). */
  path: 4_096,
  /** One file's content or one diff of a change set: these travel in the object store only. */
  file: 1_000_000,
} as const;

/** Lists: a handful (languages, endpoints), some (requirements, feedback, issues), many (failing tests, packets). */
export const ITEMS = { few: 20, some: 100, many: 1_000 } as const;

/** A task as requested (TaskRequest.task): its description and its requirements, one line each. */
export const TASK_LIMITS = { description: 20_000, requirements: 50, requirement: MAX.line } as const;

/** The task as one text (WorkflowContext.task_description): the description, then `- requirement` lines. */
export const TASK_TEXT_MAX = TASK_LIMITS.description + TASK_LIMITS.requirements * (TASK_LIMITS.requirement + 3);

/**
 * Work packets a plan may name. Leadership adds at most one QA packet per development packet, a
 * documentation and a deploy packet, so a task has fewer than ITEMS.some packets in all.
 */
export const PLAN_PACKETS_MAX = 40;

/**
 * A dead-lettered payload larger than this (UTF-8 bytes) is stored in the `dlq_payloads` object
 * store; its DLQ entry keeps the first DLQ_EXCERPT_MAX characters and `original_message_ref`.
 */
export const DLQ_INLINE_MAX = 65_536;

/** Characters of a stored payload its DLQ entry keeps as `original_message`. */
export const DLQ_EXCERPT_MAX = 4_000;

/** Serialised size of the free-form JSON a record of unknown values may hold (`context`, `configuration`). */
export const JSON_RECORD_MAX = 16_384;

/**
 * A record of at most `maxKeys` entries with keys of at most MAX.id characters. `maxProperties`
 * reaches the JSON Schema through `.meta`; zod checks the count with a refinement.
 *
 * @example
 * const metrics = boundedRecord(z.number(), 50); // { "cyclomatic": 4, … } with ≤ 50 keys
 */
export function boundedRecord<V extends z.ZodType>(value: V, maxKeys: number = ITEMS.some) {
  return z
    .record(z.string().max(MAX.id), value)
    .refine((r) => Object.keys(r).length <= maxKeys, `at most ${maxKeys} keys`)
    .meta({ maxProperties: maxKeys });
}

/**
 * Free-form JSON (unknown values) in a record: at most ITEMS.few keys and JSON_RECORD_MAX
 * characters serialised, whatever nests inside. The size is checked by zod (JSON Schema has no
 * keyword for it; the description says it).
 */
export function jsonRecord() {
  return boundedRecord(z.unknown(), ITEMS.few)
    .refine((r) => JSON.stringify(r).length <= JSON_RECORD_MAX, `at most ${JSON_RECORD_MAX} characters as JSON`)
    .describe(`free-form JSON: at most ${ITEMS.few} keys and ${JSON_RECORD_MAX} characters serialised`);
}
