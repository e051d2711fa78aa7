import type { TaskProgress } from "@flotilla/contracts";
import type { WorkflowState } from "@flotilla/team-leadership/state";
import { between } from "../html.ts";

/** One line of the task list: what a person scans for, taken from the task's workflow state. */
export interface TaskRow {
  task_id: string;
  description: string;
  status: WorkflowState["status"];
  phase: WorkflowState["phase"];
  current_step: WorkflowState["current_step"];
  packets_done: number;
  packets_total: number;
  /** The most rounds any piece of work took (1: nothing was sent back). */
  rounds: number;
  started_at: string;
  updated_at: string;
  finished_at?: string;
  simulated: boolean;
  priority: WorkflowState["priority"];
  task_type?: string;
  reason?: string;
}

/** The row of a task's state. */
export function rowOf(state: WorkflowState): TaskRow {
  const rounds = Math.max(1, state.plan_round, state.signoff_round, ...state.packets.map((p) => p.round));
  return {
    task_id: state.task_id,
    description: state.description,
    status: state.status,
    phase: state.phase,
    current_step: state.current_step,
    packets_done: state.packets.filter((p) => p.status === "done").length,
    packets_total: state.packets.length,
    rounds,
    started_at: state.started_at,
    updated_at: state.updated_at,
    finished_at: state.finished_at,
    simulated: state.simulated,
    priority: state.priority,
    task_type: state.task_type,
    reason: state.reason,
  };
}

/** How long the task ran, or has been running. */
export const elapsed = (row: TaskRow) => between(row.started_at, row.finished_at);

/** A progress event in a line: `qa test dev-1-test: voting (attempt 2)`. */
export function progressLine(p: Pick<TaskProgress, "team" | "step" | "packet_id" | "phase" | "attempt">): string {
  const where = [p.team, p.step, p.packet_id].filter(Boolean).join(" ");
  return `${where}: ${p.phase}${p.attempt && p.attempt > 1 ? ` (attempt ${p.attempt})` : ""}`;
}
