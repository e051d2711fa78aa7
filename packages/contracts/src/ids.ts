import { parse, v5 as uuidv5 } from "uuid";

/** Namespace of every deterministic Flotilla id (UUID v5). */
export const FLOTILLA_NAMESPACE = "6f1c2b0e-5a43-4b9a-9a57-0c6d7f3e2a11";
// Given as bytes, uuid does not parse the namespace again on every id (a few per message).
const NAMESPACE_BYTES = parse(FLOTILLA_NAMESPACE);

/** Deterministic UUID from its parts: the same work re-done after a crash gets the same id. */
export function stableId(...parts: Array<string | number>): string {
  return uuidv5(parts.join("|"), NAMESPACE_BYTES);
}

export interface StepCoordinates {
  taskId: string;
  team: string;
  step: string;
  round: number;
  /** The plan's work packet; absent for leadership's plan and sign-off. */
  packet?: string;
}

/** Step and packet as one id part: packets of the same step never share ids or keys. */
const where = (c: StepCoordinates) => (c.packet ? `${c.packet}/${c.step}` : c.step);

export const ids = {
  /** The task id of a request that did not choose one. */
  taskFromRequest: (messageId: string) => stableId("task", messageId),
  ballot: (c: StepCoordinates, attempt: number, agent: string) =>
    stableId("ballot", c.taskId, c.team, where(c), c.round, attempt, agent),
  rating: (c: StepCoordinates, agent: string, producerStep: string) =>
    stableId("rating", c.taskId, c.team, where(c), c.round, producerStep, agent),
  /** Message id of a step's result: JetStream de-duplicates a re-publish after a crash. */
  message: (...parts: Array<string | number>) => stableId("msg", ...parts),
  artifactKey: (c: StepCoordinates, name: string) => `${c.taskId}/${where(c)}/r${c.round}/${name}`,
};

/** Where a task's outcome (TaskCompleted or TaskFailed) is kept once it ended. */
export const outcomeRef = (taskId: string) => ({
  object_store: "plan_artifacts" as const,
  key: `${taskId}/outcome.json`,
});
