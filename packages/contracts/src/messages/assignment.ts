import { z } from "zod";
import { message } from "../envelope.ts";
import { Iso, ObjectRef, TeamName, WorkflowContext } from "../common.ts";

/** A work packet from leadership to a team (`<team>.task.assigned`). */
export const TaskAssignment = message({
  assigned_to_team: TeamName.exclude(["leadership"]),
  work_packet: z.object({
    task_id: z.string(),
    description: z.string(),
    acceptance_criteria: z.array(z.string()),
    dependencies: z.array(z.string()).default([]),
    context_location: z.object({ qdrant_collection: z.string(), point_id: z.uuid() }),
    deadline: Iso.optional(),
  }),
  routing: z.object({ next_team: TeamName.optional(), on_completion_subject: z.string() }),
  /** Code of the development packets this one builds on (applied in its clone first), in dependency order. */
  upstream_code_locations: z.array(ObjectRef).default([]),
  workflow: WorkflowContext,
});
export type TaskAssignment = z.infer<typeof TaskAssignment>;
