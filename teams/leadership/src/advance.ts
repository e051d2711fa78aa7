/**
 * How a task moves, as pure changes to its state: each returns the effects to publish. Only
 * transitions.ts calls these, inside its revision-checked write of `workflow_state`.
 */
import type { Config } from "@flotilla/config";
import { clipText, ITEMS, MAX } from "@flotilla/contracts";
import { dependants } from "./graph.ts";
import type { Effect, PacketState, StepRecord, WorkflowState } from "./state.ts";

const now = () => new Date().toISOString();

/** Feedback for a next round, within WorkflowContext's limits (the task's history keeps the events). */
const boundedFeedback = (lines: readonly string[]) => lines.slice(0, ITEMS.some).map((l) => clipText(l, MAX.text));

/** Dispatches every packet whose dependencies are done; signs off when all are; fails when nothing can go on. */
export function advance(s: WorkflowState): Effect[] {
  if (s.status !== "running" || s.phase !== "working") return [];
  const byId = new Map(s.packets.map((p) => [p.id, p]));
  const effects: Effect[] = [];
  for (const p of s.packets) {
    if (p.status !== "waiting") continue;
    // Packets are in dependency order, so a failure has already reached every dependency of p.
    const failed = p.depends_on.map((d) => byId.get(d)).find((d) => d?.status === "failed");
    if (failed) {
      finishPacket(p, "failed", `depends on ${failed.id}, which failed: ${failed.reason ?? "no reason given"}`);
      continue;
    }
    if (!p.depends_on.every((d) => byId.get(d)?.status === "done")) continue;
    p.status = "running";
    p.round += 1;
    p.started_at = now();
    delete p.finished_at;
    s.current_step = p.step;
    effects.push({ kind: "dispatch", packet: p.id, round: p.round });
  }
  if (s.packets.every((p) => p.status === "done")) return [...effects, ...askSignoff(s)];
  if (!s.packets.some((p) => p.status === "running" || p.status === "waiting")) {
    const failed = s.packets.filter((p) => p.status === "failed");
    s.current_step = failed[0]?.step ?? s.current_step;
    return [
      ...effects,
      ...fail(s, `work packets failed — ${failed.map((p) => `${p.id}: ${p.reason ?? "failed"}`).join("; ")}`),
    ];
  }
  return effects;
}

function askSignoff(s: WorkflowState): Effect[] {
  s.phase = "signoff";
  s.signoff_round += 1;
  s.current_step = "signoff";
  return [{ kind: "signoff", round: s.signoff_round }];
}

export function finishPacket(p: PacketState, status: "done" | "failed", reason?: string, result?: StepRecord): void {
  p.status = status;
  p.finished_at = now();
  if (reason) p.reason = clipText(reason, MAX.text);
  if (result) p.result = result;
}

/** Sends packets back for another round, with what to fix; everything built on them waits again. */
export function reopen(s: WorkflowState, ids: readonly string[], feedback: string[]): Effect[] {
  for (const p of s.packets) {
    if (ids.includes(p.id)) p.feedback = boundedFeedback(feedback);
  }
  for (const p of [...s.packets.filter((q) => ids.includes(q.id)), ...dependants(s.packets, ids)]) {
    p.status = "waiting";
    delete p.reason;
  }
  s.phase = "working";
  return advance(s);
}

/** Asks for a new plan with the reasons, or fails the task once the plan rounds are spent. */
export function planAgain(s: WorkflowState, config: Config, reasons: string[]): Effect[] {
  if (s.plan_round > config.FEEDBACK_MAX_ROUNDS) {
    return fail(s, `no usable plan after ${s.plan_round} rounds: ${reasons.join("; ")}`);
  }
  s.plan_round += 1;
  s.plan_feedback = boundedFeedback(reasons);
  s.phase = "planning";
  s.current_step = "plan";
  return [{ kind: "plan", round: s.plan_round }];
}

export function fail(s: WorkflowState, reason: string): Effect[] {
  if (s.status !== "running") return [];
  s.status = "failed";
  s.reason = clipText(reason, MAX.long);
  return end(s);
}

export function complete(s: WorkflowState): Effect[] {
  if (s.status !== "running") return [];
  s.status = "completed";
  return end(s);
}

function end(s: WorkflowState): Effect[] {
  s.phase = "ended";
  s.finished_at = now();
  return [{ kind: "outcome" }];
}

export function flag(s: WorkflowState, ...flags: string[]): void {
  s.quality_flags = [...new Set([...s.quality_flags, ...flags.map((f) => clipText(f, MAX.text))])];
}
