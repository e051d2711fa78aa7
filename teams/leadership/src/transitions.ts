/**
 * The only writer of `workflow_state` (with outside-transitions.ts, built on `transition()`).
 * Each named transition changes a task's state in one
 * revision-checked write and returns the effects to publish; a re-delivered message finds its
 * effects recorded and gets exactly those again (JetStream de-duplicates the re-publish).
 */
import { randomUUID } from "node:crypto";
import { type Plan, type DlqEntry, type Feedback, type SignOff, type TaskRequest } from "@flotilla/contracts";
import { FlotillaError } from "@flotilla/errors";
import { currentTraceId } from "@flotilla/tracing";
import type { StepResult, TeamContext } from "@flotilla/team-runtime";
import { advance, complete, fail, finishPacket, flag, planAgain, reopen } from "./advance.ts";
import { graphErrors, packetsOf } from "./graph.ts";
import { editable, STATE_BUCKET, WorkflowState, type Effect, type StepRecord } from "./state.ts";
import { PACKET_STEPS, type Settled } from "./workflow.ts";
import { gate } from "./gates.ts";
import type { TaskTarget } from "./repo-intake.ts";

export interface Transitioned {
  state: WorkflowState;
  effects: Effect[];
}

/** A message about a task leadership does not know: retrying cannot help. */
export const unknownTask = (taskId: string) =>
  new FlotillaError(`no workflow state for task ${taskId}`, { isRetryable: false, context: { task_id: taskId } });

export async function transition(
  ctx: TeamContext,
  taskId: string,
  causeId: string,
  event: string,
  change: (s: WorkflowState) => Effect[],
): Promise<Transitioned> {
  let effects: Effect[] = [];
  const state = await ctx.bus.updateJson<WorkflowState>(STATE_BUCKET, taskId, (old, ours) => {
    if (!old) throw unknownTask(taskId);
    const s = editable(old, ours);
    const recorded = s.handled[causeId];
    if (recorded) {
      effects = recorded;
      return s;
    }
    const now = new Date().toISOString();
    if (s.status !== "running") {
      // Terminal means terminal: a late, duplicate or forged message about an ended task is
      // acknowledged and recorded in its history (bounded), and changes nothing else.
      effects = [];
      s.updated_at = now;
      s.history = [...s.history, { at: now, event: `ignored, task ${s.status}: ${event}` }].slice(-200);
      return s;
    }
    // `change` still sees when the task last moved (the watchdog's resurrection checks it).
    effects = gate(s, change(s));
    s.handled[causeId] = effects;
    s.updated_at = now;
    s.history = [...s.history, { at: s.updated_at, event }].slice(-200);
    return s;
  });
  return { state, effects };
}

/** The record of one of leadership's own steps (plan, sign-off). */
const ownRecord = (r: StepResult<unknown>): StepRecord => ({
  team: "leadership",
  round: r.workflow.round,
  artifact: r.artifact,
  vote: r.vote,
  produced_by: r.producer,
  rating_given: r.rating,
  extra: {},
  context: r.context,
  runs: [],
  model_choices: r.choices,
});

/** A task arrives: its state exists from now on (so a plan that fails is a failed task), and it is planned. */
export async function received(
  ctx: TeamContext,
  m: TaskRequest,
  taskId: string,
  /** Resolved only for a task not seen before. */
  target: TaskTarget | undefined,
): Promise<Transitioned> {
  let effects: Effect[] = [];
  const state = await ctx.bus.updateJson<WorkflowState>(STATE_BUCKET, taskId, (old, ours) => {
    if (old) {
      const s = editable(old, ours);
      effects = s.handled[m.message_id] ?? [];
      return s;
    }
    // Written meanwhile by another instance, which resolved the repository: its state stands.
    if (!target)
      throw new FlotillaError(`task ${taskId} changed while it was received; retrying`, { isRetryable: true });
    const now = new Date().toISOString();
    // A repository that may not be used ends the task before anything is planned.
    const ended = "error" in target ? { status: "failed", phase: "ended", reason: target.error, finished_at: now } : {};
    const s = WorkflowState.parse({
      task_id: taskId,
      description: m.task.description,
      requirements: m.task.requirements,
      priority: m.task.priority,
      // One trace per task (the task's messages all carry it): the request's, else the one its
      // handling runs in (its traceparent's, or its message id; see the bus's traceOf).
      requester: m.requester.user_id,
      correlation_id: m.correlation_id ?? m.message_id,
      trace_id: m.trace_id ?? currentTraceId() ?? randomUUID(),
      status: "running",
      phase: "planning",
      current_step: "plan",
      plan_round: 1,
      started_at: now,
      updated_at: now,
      history: [{ at: now, event: "received" }],
      approval_steps: ctx.config.FLOTILLA_APPROVAL,
      ...("repo" in target ? { repo: target.repo, task_type: target.taskType } : {}),
      ...ended,
    });
    effects = "error" in target ? [{ kind: "outcome" }] : gate(s, [{ kind: "plan", round: 1 }]);
    s.handled[m.message_id] = effects;
    return s;
  });
  return { state, effects };
}

/** The team voted a plan: run its packets, or ask again with what is wrong with its graph. */
export function planned(ctx: TeamContext, causeId: string, r: StepResult<Plan>): Promise<Transitioned> {
  return transition(
    ctx,
    r.workflow.task_id,
    causeId,
    `plan round ${r.workflow.round} voted: ${r.vote.outcome}`,
    (s) => {
      if (s.phase !== "planning" || r.workflow.round !== s.plan_round) return [];
      s.plan = ownRecord(r);
      s.simulated ||= r.producer.simulated;
      const errors = graphErrors(r.output, PACKET_STEPS);
      if (errors.length) return planAgain(s, ctx.config, [`the plan's graph is invalid: ${errors.join("; ")}`]);
      s.packets = packetsOf(r.output, PACKET_STEPS, s.packets);
      s.plan_feedback = [];
      s.phase = "working";
      return advance(s);
    },
  );
}

/** A team's result for a packet: done (next packets go), bugs (back to development), or failed. */
export function settled(ctx: TeamContext, r: Settled): Promise<Transitioned> {
  const wf = r.result.workflow;
  const event =
    `${wf.step} ${wf.packet_id ?? ""} round ${wf.round} by ${r.result.produced_by.team}: ` +
    `${r.kind}, vote ${r.result.vote.outcome}`;
  return transition(ctx, wf.task_id, r.result.message_id ?? event, event, (s) => {
    const p = s.packets.find((x) => x.id === wf.packet_id);
    // A result of an older round or plan (the packet was sent back or re-planned meanwhile) changes nothing.
    if (s.status !== "running" || s.phase !== "working" || !p || p.status !== "running" || p.round !== wf.round)
      return [];
    const record: StepRecord = {
      team: r.result.produced_by.team,
      round: wf.round,
      artifact: r.artifact,
      vote: r.result.vote,
      produced_by: r.result.produced_by,
      rating_given: r.result.received_rating,
      extra: r.extra ?? {},
      context: r.result.context,
      verification: r.verification,
      repository: r.repository,
      runs: r.result.runs,
      model_choices: r.result.model_choices,
    };
    s.simulated ||= r.result.produced_by.simulated;
    if (r.result.vote.outcome === "no_consensus_best_supported")
      flag(s, `${p.step}: no consensus, best-supported candidate used (packet ${p.id})`);
    const rating = r.result.received_rating;
    if (rating && !rating.approved)
      flag(
        s,
        `${p.id}: ${rating.from_team} went on with ${rating.to_team}'s work rated ${rating.overall} (feedback rounds spent)`,
      );
    if (r.kind === "failed") {
      finishPacket(p, "failed", r.detail?.join("; "), record);
      return advance(s);
    }
    if (r.kind === "bugs") {
      p.result = record;
      const producers = wf.received_work.filter((w) => w.step === "implement" && w.packet_id).map((w) => w.packet_id!);
      if (wf.may_return && producers.length) return reopen(s, producers, r.detail ?? []);
      const rounds = Math.max(...producers.map((id) => s.packets.find((x) => x.id === id)?.round ?? 0));
      flag(s, `${p.id}: bugs still open after ${rounds} development rounds`);
    }
    finishPacket(p, "done", undefined, record);
    return advance(s);
  });
}

/** A team sent the work it received back: its producers redo it (a rejected plan is re-planned). */
export function returned(ctx: TeamContext, m: Feedback): Promise<Transitioned> {
  const wf = m.workflow;
  const feedback = [...m.rating.feedback, ...m.rating.issues.map((i) => `[${i.severity}] ${i.description}`)];
  return transition(ctx, m.task_id, m.message_id, `${m.from_team} sent ${m.redo_step} back to ${m.to_team}`, (s) => {
    const receiver = s.packets.find((p) => p.id === wf.packet_id);
    // Only the current round of a running receiver counts: a second rejection of the same plan, or
    // one that arrives while a new plan is being made, changes nothing.
    const current =
      wf.step === "signoff"
        ? s.phase === "signoff" && wf.round === s.signoff_round
        : s.phase === "working" && receiver?.status === "running" && receiver.round === wf.round;
    if (s.status !== "running" || !current) return [];
    if (m.redo_step === "plan")
      return planAgain(s, ctx.config, [
        `${m.from_team} rejected the plan (packet ${wf.packet_id ?? "?"})`,
        ...feedback,
      ]);
    const producers = wf.received_work.filter((w) => w.step === m.redo_step && w.packet_id).map((w) => w.packet_id!);
    // Nothing to send back to would leave the receiver waiting for nothing: end the task instead.
    if (!producers.length) return fail(s, `${m.from_team} rejected ${m.redo_step} work that no packet produced`);
    if (wf.step === "signoff") s.phase = "working";
    return reopen(s, producers, feedback);
  });
}

/** Leadership voted its sign-off: complete, send the named packets back, or fail — never complete a rejection. */
export function signedOff(ctx: TeamContext, causeId: string, r: StepResult<SignOff>): Promise<Transitioned> {
  return transition(
    ctx,
    r.workflow.task_id,
    causeId,
    `sign-off round ${r.workflow.round} voted: ${r.vote.outcome}`,
    (s) => {
      if (s.phase !== "signoff" || r.workflow.round !== s.signoff_round) return [];
      s.signoff = ownRecord(r);
      if (r.output.accepted) {
        if (r.rating && !r.rating.approved)
          flag(s, `signoff: leadership went on with devops' work rated ${r.rating.overall} (feedback rounds spent)`);
        return complete(s);
      }
      const concerns = r.output.concerns.length ? r.output.concerns.join("; ") : r.output.summary;
      const known = r.output.send_back.filter((b) => s.packets.some((p) => p.id === b.packet_id));
      if (!known.length || s.signoff_round > ctx.config.FEEDBACK_MAX_ROUNDS) {
        return fail(s, `sign-off rejected the result after ${s.signoff_round} round(s): ${concerns}`);
      }
      return reopen(
        s,
        known.map((b) => b.packet_id),
        [`sign-off: ${concerns}`, ...known.map((b) => `${b.packet_id}: ${b.reason}`)],
      );
    },
  );
}

/**
 * A message no team could process: its packet fails (and what depends on it), or the task when it
 * was not about a packet (a request, a plan, a sign-off). A packet that moved on meanwhile is not touched.
 */
export function deadLettered(
  ctx: TeamContext,
  entry: DlqEntry,
  taskId: string,
  packetId: string | undefined,
  reason: string,
): Promise<Transitioned> {
  return transition(ctx, taskId, entry.message_id, `dead-lettered: ${reason}`, (s) => {
    if (packetId === undefined) return fail(s, reason);
    const p = s.packets.find((x) => x.id === packetId);
    if (!p || p.status !== "running" || s.phase !== "working") return [];
    finishPacket(p, "failed", reason);
    return advance(s);
  });
}
