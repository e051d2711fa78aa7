import type {
  Approval, BugReport, CodeReady, ContextRef, DeploymentComplete, DlqEntry, DocumentationComplete, Feedback, ObjectRef, Producer,
  RatingSummary, StepName, TaskRequest, VoteSummary, WorkflowContext,
} from "@flotilla/contracts";
import { runStep, type HandlerSpec, type TeamContext } from "@flotilla/team-runtime";
import { dispatch, mayReturn } from "./dispatch.ts";
import { failTask } from "./outcome.ts";
import { planStep, taskIdOf } from "./plan-step.ts";
import { readState, updateState } from "./state.ts";

interface TeamResult { produced_by: Producer; vote: VoteSummary; workflow: WorkflowContext; received_rating?: RatingSummary; context?: ContextRef[] }

/** Records a team's result in the task's workflow state. */
export async function record(ctx: TeamContext, step: StepName, m: TeamResult, artifact: ObjectRef, extra: Record<string, ObjectRef> = {}) {
  return updateState(ctx, m.workflow.task_id, `${step} round ${m.workflow.round} done by ${m.produced_by.team}: vote ${m.vote.outcome}`, (s) => {
    s.steps[step] = { team: m.produced_by.team, round: m.workflow.round, artifact, vote: m.vote, produced_by: m.produced_by, rating_given: m.received_rating, extra, context: m.context ?? [] };
    s.simulated ||= m.produced_by.simulated;
    const flags: string[] = [];
    if (m.vote.outcome === "no_consensus_best_supported") flags.push(`${step}: no consensus, best-supported candidate used`);
    const r = m.received_rating;
    if (r && !r.approved) flags.push(`${step}: ${r.from_team} went on with ${r.to_team}'s work rated ${r.overall} (feedback rounds spent)`);
    s.quality_flags = [...new Set([...s.quality_flags, ...flags])];
  });
}

const flag = (ctx: TeamContext, taskId: string, text: string) =>
  updateState(ctx, taskId, text, (s) => void (s.quality_flags = [...new Set([...s.quality_flags, text])]));

/** Leadership's routing: each team's result moves its task to the next step. */
export const routing: HandlerSpec[] = [
  {
    consumes: "development.code.ready",
    handle: async (ctx, m: CodeReady) => {
      await record(ctx, "implement", m, m.artifacts.code_location);
      await dispatch(ctx, m, m.task_id, "test");
    },
  },
  {
    consumes: "qa.approved",
    handle: async (ctx, m: Approval) => {
      await record(ctx, "test", m, m.report_location);
      await dispatch(ctx, m, m.task_id, "document");
    },
  },
  {
    consumes: "qa.bugs.found",
    handle: async (ctx, m: BugReport) => {
      const s = await record(ctx, "test", m, m.report_location);
      if (mayReturn(ctx, s, "implement")) {
        await dispatch(ctx, m, m.task_id, "implement", m.issues.map((i) => `[${i.severity}] ${i.description}`));
      } else {
        await flag(ctx, m.task_id, `qa: bugs still open after ${s.rounds.implement} development rounds`);
        await dispatch(ctx, m, m.task_id, "document");
      }
    },
  },
  ...(["development", "qa", "documentation", "devops", "leadership"] as const).map((team): HandlerSpec => ({
    consumes: `${team}.feedback.received`,
    handle: (ctx, m: Feedback) => redo(ctx, m),
  })),
  {
    consumes: "documentation.complete",
    handle: async (ctx, m: DocumentationComplete) => {
      const diagram = m.artifacts.diagrams[0]?.location;
      await record(ctx, "document", m, m.artifacts.documentation_location, diagram ? { diagram } : {});
      await dispatch(ctx, m, m.task_id, "deploy");
    },
  },
  {
    consumes: "devops.deployment.failed",
    handle: async (ctx, m: DeploymentComplete) => {
      await record(ctx, "deploy", m, m.deployment.manifest_location);
      await failTask(ctx, m, m.task_id, `devops could not apply the result: ${m.error ?? "unknown error"}`);
    },
  },
  {
    // A message a team could not process after every retry: its task is failed with the reason.
    consumes: "dlq.*.handler_failed",
    handle: async (ctx, m: DlqEntry) => {
      // Failures of this very handler land on the DLQ too; they must not feed it again.
      if (m.dlq_metadata.original_subject.startsWith("dlq.")) return;
      const taskId = taskIdIn(m.dlq_metadata.original_message, m.dlq_metadata.original_subject) ?? m.dlq_metadata.task_id;
      if (!taskId || !(await readState(ctx, taskId))) return;
      await failTask(ctx, m, taskId, `${m.dlq_metadata.team} could not process ${m.dlq_metadata.original_subject} after ${m.dlq_metadata.failure_count} attempt${m.dlq_metadata.failure_count > 1 ? "s" : ""}: ${m.dlq_metadata.failure_reason} (entry kept on dlq.${m.dlq_metadata.team}.handler_failed for replay)`);
    },
  },
];

function taskIdIn(original: string, subject: string): string | undefined {
  try {
    const o = JSON.parse(original) as { message_id?: string; task_id?: string; parent_task_id?: string; workflow?: { task_id?: string } };
    // A request that did not choose its task id got one derived from its message id.
    if (subject === "system.task.request") return o.task_id ?? (o.message_id ? taskIdOf(o as TaskRequest) : undefined);
    return o.workflow?.task_id ?? o.parent_task_id ?? o.task_id;
  } catch {
    return undefined;
  }
}

/** A team sent work back: its producer redoes the step with the feedback. */
async function redo(ctx: TeamContext, m: Feedback): Promise<void> {
  const feedback = [...m.rating.feedback, ...m.rating.issues.map((i) => `[${i.severity}] ${i.description}`)];
  if (m.redo_step === "plan") {
    const s = await readState(ctx, m.task_id);
    if (!s) throw new Error(`no workflow state for task ${m.task_id}`);
    const workflow: WorkflowContext = { task_id: s.task_id, step: "plan", round: (s.rounds.plan ?? 1) + 1, received_work: [], feedback, may_return: false, task_description: m.workflow.task_description };
    await runStep(ctx, planStep, {
      ...m, task_id: s.task_id, workflow, requester: { user_id: "leadership" },
      task: { description: s.description, requirements: s.requirements, priority: "medium", context: {} },
    });
    return;
  }
  if (m.redo_step === "signoff") return;
  await dispatch(ctx, m, m.task_id, m.redo_step, feedback);
}
