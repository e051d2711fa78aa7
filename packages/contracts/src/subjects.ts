/**
 * The subject catalogue: one table that the bus (streams, validation), the teams (what they
 * consume) and the docs (README table, JSON Schema export) all read.
 */
import type { z } from "zod";
import type { MessageName, MESSAGES } from "./messages/index.ts";
import { PRIORITIES, type Priority, type TeamName } from "./common.ts";

export interface SubjectEntry {
  /** NATS subject; `*` stands for one token (a team name, an agent, a DLQ reason). */
  subject: string;
  message: MessageName;
  producer: string;
  consumers: string;
  stream: StreamName;
  /** Teams with a durable consumer on this subject: created on provisioning, so nothing published is missed. */
  durables?: readonly TeamName[];
  /**
   * A work request stored as `<subject>.<priority>` (from the message's `workflow.priority`); its
   * consumers take `high` before `medium` before `low`, so a busy team serves urgent tasks first.
   */
  prioritized?: boolean;
}

export const STREAMS = {
  SYSTEM: { subjects: ["system.>"], maxAgeDays: 30 },
  LEADERSHIP: { subjects: ["leadership.>"], maxAgeDays: 30 },
  DEVELOPMENT: { subjects: ["development.>"], maxAgeDays: 30 },
  QA: { subjects: ["qa.>"], maxAgeDays: 30 },
  DOCUMENTATION: { subjects: ["documentation.>"], maxAgeDays: 30 },
  DEVOPS: { subjects: ["devops.>"], maxAgeDays: 30 },
  TEAM_EVENTS: { subjects: ["team.>"], maxAgeDays: 1 },
  DLQ: { subjects: ["dlq.>"], maxAgeDays: 90 },
  OPERATIONS: { subjects: ["circuit_breaker.>", "recovery.>", "escalation.>"], maxAgeDays: 30 },
  METRICS: { subjects: ["metrics.>"], maxAgeDays: 1 },
} as const;
export type StreamName = keyof typeof STREAMS;

interface EntryOptions {
  durables?: readonly TeamName[];
  prioritized?: true;
}

/** One catalogue row; `const` type parameters keep the subject and message names as literal types. */
const e = <const S extends string, const M extends MessageName, const O extends EntryOptions = Record<never, never>>(
  subject: S,
  message: M,
  producer: string,
  consumers: string,
  stream: StreamName,
  options?: O,
) => ({ subject, message, producer, consumers, stream, ...(options ?? ({} as O)) });

const DUR = <const T extends TeamName>(team: T) => ({ durables: [team] as const });
const WORK = <const T extends TeamName>(team: T) => ({ durables: [team] as const, prioritized: true as const });

export const SUBJECTS = [
  e(
    "system.task.request",
    "TaskRequest",
    "any NATS client; leadership MCP submit_task",
    "leadership",
    "SYSTEM",
    DUR("leadership"),
  ),
  e(
    "leadership.plan.requested",
    "PlanRequest",
    "leadership (intake, re-plan)",
    "leadership (plan step)",
    "LEADERSHIP",
    WORK("leadership"),
  ),
  e(
    "leadership.signoff.requested",
    "SignoffRequest",
    "leadership (every packet done)",
    "leadership (sign-off step)",
    "LEADERSHIP",
    WORK("leadership"),
  ),
  e(
    "system.task.approval",
    "ApprovalDecision",
    "a person: flotilla approve|reject, leadership MCP approve/reject",
    "leadership (opens or closes an approval gate)",
    "SYSTEM",
    DUR("leadership"),
  ),
  e("system.task.progress", "TaskProgress", "every team", "MCP clients, CLI", "SYSTEM"),
  e("system.task.completed", "TaskCompleted", "leadership", "the requester (correlation_id)", "SYSTEM"),
  e("system.task.failed", "TaskFailed", "leadership", "the requester (correlation_id)", "SYSTEM"),
  e("development.task.assigned", "TaskAssignment", "leadership", "development", "DEVELOPMENT", WORK("development")),
  e("development.code.ready", "CodeReady", "development", "leadership", "DEVELOPMENT", DUR("leadership")),
  e("development.blocked", "Blocked", "development (not yet)", "leadership (not yet)", "DEVELOPMENT"),
  e("development.design.proposed", "DesignProposal", "development (not yet)", "leadership (not yet)", "DEVELOPMENT"),
  e(
    "development.feedback.received",
    "Feedback",
    "development",
    "leadership (re-plan)",
    "DEVELOPMENT",
    DUR("leadership"),
  ),
  e("qa.test.requested", "TestRequest", "leadership", "qa", "QA", WORK("qa")),
  e("qa.tests.complete", "TestResults", "qa", "people, observers (informational)", "QA"),
  e("qa.bugs.found", "BugReport", "qa", "leadership (back to development)", "QA", DUR("leadership")),
  e("qa.approved", "Approval", "qa", "leadership", "QA", DUR("leadership")),
  e("qa.feedback.received", "Feedback", "qa", "leadership (back to development)", "QA", DUR("leadership")),
  e(
    "documentation.request",
    "DocumentationRequest",
    "leadership",
    "documentation",
    "DOCUMENTATION",
    WORK("documentation"),
  ),
  e(
    "documentation.complete",
    "DocumentationComplete",
    "documentation",
    "leadership",
    "DOCUMENTATION",
    DUR("leadership"),
  ),
  e(
    "documentation.feedback.received",
    "Feedback",
    "documentation",
    "leadership (back to development)",
    "DOCUMENTATION",
    DUR("leadership"),
  ),
  e("devops.deploy.requested", "DeploymentRequest", "leadership", "devops", "DEVOPS", WORK("devops")),
  e("devops.deployed", "DeploymentComplete", "devops", "leadership (sign-off)", "DEVOPS", DUR("leadership")),
  e(
    "devops.deployment.failed",
    "DeploymentComplete",
    "devops",
    "leadership (fails the task)",
    "DEVOPS",
    DUR("leadership"),
  ),
  e(
    "devops.feedback.received",
    "Feedback",
    "devops",
    "leadership (back to documentation)",
    "DEVOPS",
    DUR("leadership"),
  ),
  e(
    "leadership.feedback.received",
    "Feedback",
    "leadership",
    "leadership (back to devops)",
    "LEADERSHIP",
    DUR("leadership"),
  ),
  e("team.*.health", "TeamHealth", "every team", "leadership team_health, CLI status", "TEAM_EVENTS"),
  e("team.*.completion", "TeamCompletion", "every team", "observers", "TEAM_EVENTS"),
  e("team.*.status", "TeamStatus", "every team", "leadership team_health, CLI status; observers", "TEAM_EVENTS"),
  e("team.*.blocked", "TeamBlocked", "every team", "leadership", "TEAM_EVENTS"),
  e("team.*.error", "TeamError", "every team", "observers", "TEAM_EVENTS"),
  e(
    "dlq.*.handler_failed",
    "DlqEntry",
    "every team's consumers",
    "leadership (fails the task); people",
    "DLQ",
    DUR("leadership"),
  ),
  // Before `dlq.*.*`: the first matching row names a subject's message.
  e(
    "dlq.*.replayed",
    "DlqReplayed",
    "flotilla dlq replay; leadership MCP dlq_replay",
    "people (what was replayed, by whom)",
    "DLQ",
  ),
  e("dlq.*.*", "DlqEntry", "every team's consumers", "people (inspection)", "DLQ"),
  e(
    "circuit_breaker.*.state_changed",
    "CircuitBreakerStateChanged",
    "every team (a provider+model breaker)",
    "flotilla models, dependants",
    "OPERATIONS",
  ),
  e("recovery.task.resurrected", "TaskResurrected", "leadership", "observers", "OPERATIONS"),
  e(
    "escalation.human.required",
    "EscalationRequired",
    "every team (a step parked over an hour, a task's message dead-lettered, a circuit open over 15 minutes)",
    "people",
    "OPERATIONS",
  ),
  e("metrics.workflow.progress", "TaskProgress", "every team", "dashboards", "METRICS"),
  e(
    "metrics.agent.*.*",
    "AgentMetrics",
    "every team",
    "leadership (the ledger: KV ledger); dashboards",
    "METRICS",
    DUR("leadership"),
  ),
] as const satisfies readonly SubjectEntry[];

/** Name of a team's durable consumer on a subject; every instance of the team uses the same one. */
export function durableName(team: string, subject: string): string {
  return `${team}__${subject.replace(/[.*>]/g, "_")}`;
}

/** Where a prioritized work request of this priority is stored: `<subject>.<priority>`. */
export const prioritySubject = (subject: string, priority: Priority) => `${subject}.${priority}`;

/** Every durable consumer of the fleet, from the catalogue (one per priority on prioritized subjects). */
export const DURABLES = SUBJECTS.flatMap((entry: SubjectEntry) =>
  (entry.durables ?? []).flatMap((team) =>
    (entry.prioritized ? PRIORITIES.map((p) => prioritySubject(entry.subject, p)) : [entry.subject]).map((subject) => ({
      team,
      subject,
      stream: entry.stream,
    })),
  ),
);

/**
 * NATS subject matching, as the server does it: `*` is one token, a final `>` one or more (the
 * catalogue's patterns use only `*`; permissions use both).
 */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split(".");
  const s = subject.split(".");
  for (let i = 0; i < p.length; i++) {
    if (p[i] === ">") return s.length > i;
    if (i >= s.length || (p[i] !== "*" && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}

const isPriority = (token: string | undefined): token is Priority => PRIORITIES.some((p) => p === token);

/** Rows found by subject: every message in and out looks its row up, and a process sees few subjects. */
const entries = new Map<string, SubjectEntry | undefined>();
const MAX_REMEMBERED = 2_048;

/** The catalogue row of a concrete subject; a prioritized one also matches with its priority token. */
export function catalogueEntry(subject: string): SubjectEntry | undefined {
  if (entries.has(subject)) return entries.get(subject);
  if (entries.size >= MAX_REMEMBERED) entries.clear();
  const entry = findEntry(subject);
  entries.set(subject, entry);
  return entry;
}

function findEntry(subject: string): SubjectEntry | undefined {
  const rows: readonly SubjectEntry[] = SUBJECTS;
  const exact = rows.find((entry) => subjectMatches(entry.subject, subject));
  if (exact) return exact;
  const cut = subject.lastIndexOf(".");
  if (!isPriority(subject.slice(cut + 1))) return undefined;
  return rows.find((entry) => entry.prioritized && subjectMatches(entry.subject, subject.slice(0, cut)));
}

type Entry = (typeof SUBJECTS)[number];
/** A catalogue pattern as a type: each `*` token becomes any string. */
type Concrete<P extends string> = P extends `${infer Head}*${infer Tail}` ? `${Head}${string}${Concrete<Tail>}` : P;
/** Every subject a message may be published on, as a type (`team.${string}.health`, `qa.approved`, ...). */
export type Subject = Concrete<Entry["subject"]>;
/** Subjects that carry prioritized work requests. */
export type WorkSubject = Extract<Entry, { prioritized: true }>["subject"];
type NameFor<S extends string, E extends Entry = Entry> = E extends Entry
  ? S extends Concrete<E["subject"]>
    ? E["message"]
    : never
  : never;
/** The message name the catalogue gives a subject. */
export type MessageNameOf<S extends Subject> = NameFor<S>;
/** The message a subject carries, as received (defaults applied). */
export type MessageOf<S extends Subject> = z.infer<(typeof MESSAGES)[NameFor<S>]>;
/** The message a subject carries, as a publisher writes it (defaults may be left out). */
export type MessageInput<S extends Subject> = z.input<(typeof MESSAGES)[NameFor<S>]>;

/** Subjects built from names, typed so that `publish` still knows the message they carry. */
export const subjects = {
  health: <T extends string>(team: T) => `team.${team}.health` as const,
  completion: <T extends string>(team: T) => `team.${team}.completion` as const,
  error: <T extends string>(team: T) => `team.${team}.error` as const,
  status: <T extends string>(team: T) => `team.${team}.status` as const,
  blocked: <T extends string>(team: T) => `team.${team}.blocked` as const,
  dlq: <T extends string, R extends string>(team: T, reason: R) => `dlq.${team}.${reason}` as const,
  breaker: <T extends string>(team: T) => `circuit_breaker.${team}.state_changed` as const,
  agentMetrics: <T extends string, A extends string>(team: T, agent: A) => `metrics.agent.${team}.${agent}` as const,
  feedback: <T extends TeamName>(team: T) => `${team}.feedback.received` as const,
};
