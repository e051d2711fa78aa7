import type { StepName, TeamName } from "@flotilla/contracts";
import type { StepRecord, WorkflowState } from "@flotilla/team-leadership/state";

/** One piece of the task's work as the timeline shows it: the plan, a packet, or the sign-off. */
export interface StepView {
  /** `plan`, `signoff`, or the packet's id. */
  key: string;
  team: TeamName;
  step: StepName;
  packet_id?: string;
  title: string;
  status: "waiting" | "running" | "done" | "failed";
  /** How often it was dispatched (or drafted, for the plan): rounds above 1 are work sent back. */
  rounds: number;
  depends_on: string[];
  implied: boolean;
  started_at?: string;
  finished_at?: string;
  reason?: string;
  /** What the last round was asked to fix. */
  feedback: string[];
  record?: StepRecord;
}

const leadershipStep = (state: WorkflowState, step: "plan" | "signoff"): StepView | undefined => {
  const record = state[step];
  const rounds = step === "plan" ? state.plan_round : state.signoff_round;
  if (!record && rounds === 0) return undefined;
  const ended = state.phase === "ended";
  const active = step === "plan" ? state.phase === "planning" : state.phase === "signoff";
  const failedHere = state.status === "failed" && state.current_step === step;
  return {
    key: step,
    team: "leadership",
    step,
    title: step === "plan" ? "plan the work" : "sign off the result",
    status: failedHere ? "failed" : active ? "running" : record || ended ? "done" : "waiting",
    rounds,
    depends_on: [],
    implied: false,
    feedback: step === "plan" ? state.plan_feedback : [],
    reason: failedHere ? state.reason : undefined,
    record,
  };
};

/** The task's work in the order it runs: plan, the packets in dependency order, sign-off. */
export function stepsOf(state: WorkflowState): StepView[] {
  const packets = state.packets.map((p): StepView => ({
    key: p.id,
    team: p.team,
    step: p.step,
    packet_id: p.id,
    title: p.title,
    status: p.status,
    rounds: p.round,
    depends_on: p.depends_on,
    implied: p.implied,
    started_at: p.started_at,
    finished_at: p.finished_at,
    reason: p.reason,
    feedback: p.feedback,
    record: p.result,
  }));
  const plan = leadershipStep(state, "plan");
  const signoff = leadershipStep(state, "signoff");
  return [...(plan ? [plan] : []), ...packets, ...(signoff ? [signoff] : [])];
}
