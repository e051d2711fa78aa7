import { z } from "zod";
import {
  ContextRef, ObjectRef, Producer, RatingSummary, StepName, TeamName, VoteSummary, WorkRef, type StepName as Step,
} from "@flotilla/contracts";
import type { TeamContext } from "@flotilla/team-runtime";

export const StepRecord = z.object({
  team: TeamName,
  round: z.number().int(),
  artifact: ObjectRef,
  vote: VoteSummary,
  produced_by: Producer,
  rating_given: RatingSummary.optional(),
  extra: z.record(z.string(), ObjectRef).default({}),
  /** Knowledge the author was given for this step (ContextRef). */
  context: z.array(ContextRef).default([]),
});
export type StepRecord = z.infer<typeof StepRecord>;

/** A task's workflow state in KV `workflow_state` (key: task id). Leadership is its only writer. */
export const WorkflowState = z.object({
  task_id: z.uuid(),
  description: z.string(),
  requirements: z.array(z.string()).default([]),
  correlation_id: z.string(),
  trace_id: z.string().optional(),
  status: z.enum(["running", "completed", "failed"]),
  current_step: StepName,
  started_at: z.string(),
  updated_at: z.string(),
  finished_at: z.string().optional(),
  reason: z.string().optional(),
  rounds: z.partialRecord(StepName, z.number().int()).default({}),
  steps: z.partialRecord(StepName, StepRecord).default({}),
  quality_flags: z.array(z.string()).default([]),
  /** Round given to each dispatch, by the id of the message that caused it. */
  dispatched: z.record(z.string(), z.number().int()).default({}),
  simulated: z.boolean().default(false),
  history: z.array(z.object({ at: z.string(), event: z.string() })).default([]),
});
export type WorkflowState = z.infer<typeof WorkflowState>;

const BUCKET = "workflow_state";

export async function readState(ctx: TeamContext, taskId: string): Promise<WorkflowState | undefined> {
  const raw = await ctx.bus.getJson<unknown>(BUCKET, taskId);
  return raw ? WorkflowState.parse(raw) : undefined;
}

/** Revision-checked update, so two leadership instances never overwrite each other. */
export async function updateState(ctx: TeamContext, taskId: string, event: string, change: (s: WorkflowState) => void): Promise<WorkflowState> {
  return ctx.bus.updateJson<WorkflowState>(BUCKET, taskId, (old) => {
    if (!old) throw new Error(`no workflow state for task ${taskId}`);
    const s = WorkflowState.parse(old);
    change(s);
    const now = new Date().toISOString();
    s.updated_at = now;
    s.history = [...s.history, { at: now, event }].slice(-200);
    return s;
  });
}

export async function listStates(ctx: TeamContext): Promise<WorkflowState[]> {
  const kv = await ctx.bus.kv(BUCKET);
  const keys: string[] = [];
  for await (const k of await kv.keys()) keys.push(k);
  const states = await Promise.all(keys.map((k) => readState(ctx, k).catch(() => undefined)));
  return states.filter((s): s is WorkflowState => !!s).sort((a, b) => b.started_at.localeCompare(a.started_at));
}

/** The latest work of a step, as the next team receives it. */
export function workOf(s: WorkflowState, step: Step): WorkRef {
  const rec = s.steps[step];
  if (!rec) throw new Error(`task ${s.task_id} has no ${step} result yet`);
  return { step, round: rec.round, artifact: rec.artifact, produced_by: rec.produced_by };
}
