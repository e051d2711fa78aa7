import type { Bus } from "@flotilla/bus";
import type { ObjectRef } from "@flotilla/contracts";
import type { KnowledgeStore } from "@flotilla/knowledge";
import { readState, type WorkflowState } from "@flotilla/team-leadership/state";
import { loadDiff, type TaskDiff } from "./diff.ts";
import { loadRecords, type TaskRecords } from "./records.ts";
import { stepsOf, type StepView } from "./steps.ts";

/** An object a step stored: its text, or why it could not be read. */
export interface StoredObject {
  ref: ObjectRef;
  /** What it is: `artifact`, or an extra's name (`diagram`), or a run's kind. */
  kind: string;
  text?: string;
  error?: string;
}

/** Everything the task page shows, read once per render. */
export interface TaskView {
  state: WorkflowState;
  steps: StepView[];
  records: TaskRecords;
  /** By `store/key`. */
  objects: Map<string, StoredObject>;
  diff?: TaskDiff;
}

export const refKey = (ref: ObjectRef) => `${ref.object_store}/${ref.key}`;

async function fetchObject(bus: Bus, ref: ObjectRef, kind: string): Promise<StoredObject> {
  try {
    const text = await bus.objects.getText(ref);
    return text === null ? { ref, kind, error: "no longer in the object store" } : { ref, kind, text };
  } catch (err) {
    return { ref, kind, error: err instanceof Error ? err.message : String(err) };
  }
}

/** The objects a step's record names: its candidate, its extras (a diagram), its runs' records. */
const objectsOf = (step: StepView) => {
  const record = step.record;
  if (!record) return [];
  return [
    { ref: record.artifact, kind: "artifact" },
    ...Object.entries(record.extra).map(([kind, ref]) => ({ ref, kind })),
    ...record.runs.flatMap((run) => (run.location ? [{ ref: run.location, kind: run.kind }] : [])),
  ];
};

/**
 * A task's state, steps, ballots and ratings, stored objects and diff; undefined when no task
 * has that id. Sections that cannot be read say so on the page rather than failing it.
 */
export async function loadTask(
  bus: Bus,
  knowledge: Pick<KnowledgeStore, "list">,
  taskId: string,
): Promise<TaskView | undefined> {
  const state = await readState(bus, taskId);
  if (!state) return undefined;
  const steps = stepsOf(state);
  const wanted = steps.flatMap(objectsOf);
  const [records, fetched, diff] = await Promise.all([
    loadRecords(knowledge, taskId),
    Promise.all(wanted.map((w) => fetchObject(bus, w.ref, w.kind))),
    loadDiff(steps),
  ]);
  return { state, steps, records, objects: new Map(fetched.map((o) => [refKey(o.ref), o])), diff };
}
