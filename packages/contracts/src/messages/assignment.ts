import { z } from "zod";
import { message } from "../envelope.ts";
import { Iso, ObjectRef, TeamName, WorkflowContext } from "../common.ts";
import { ITEMS, MAX } from "../limits.ts";

/** A work packet from leadership to a team (`<team>.task.assigned`). */
export const TaskAssignment = message({
  assigned_to_team: TeamName.exclude(["leadership"]),
  work_packet: z.object({
    task_id: z.string().max(MAX.id),
    description: z.string().max(MAX.text),
    acceptance_criteria: z.array(z.string().max(MAX.line)).max(ITEMS.some),
    dependencies: z.array(z.string().max(MAX.id)).max(ITEMS.some).default([]),
    context_location: z.object({ qdrant_collection: z.string().max(MAX.id), point_id: z.uuid() }),
    deadline: Iso.optional(),
  }),
  routing: z.object({ next_team: TeamName.optional(), on_completion_subject: z.string().max(MAX.line) }),
  /** Code of the development packets this one builds on (applied in its clone first), in dependency order. */
  upstream_code_locations: z.array(ObjectRef).max(ITEMS.some).default([]),
  workflow: WorkflowContext,
});
export type TaskAssignment = z.infer<typeof TaskAssignment>;
