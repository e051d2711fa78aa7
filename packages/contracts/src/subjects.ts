/**
 * The subject catalogue: one table that the bus (streams, validation), the teams (what they
 * consume) and the docs (README table, JSON Schema export) all read.
 */
import type { MessageName } from "./messages/index.ts";
import type { TeamName } from "./common.ts";

export interface SubjectEntry {
  /** NATS subject; `*` stands for one token (a team name, an agent, a DLQ reason). */
  subject: string;
  message: MessageName;
  producer: string;
  consumers: string;
  stream: StreamName;
  /** Teams with a durable consumer on this subject: created on provisioning, so nothing published is missed. */
  durables?: readonly TeamName[];
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

const e = (subject: string, message: MessageName, producer: string, consumers: string, stream: StreamName, durables?: TeamName[]): SubjectEntry =>
  ({ subject, message, producer, consumers, stream, durables });

export const SUBJECTS: readonly SubjectEntry[] = [
  e("system.task.request", "TaskRequest", "any NATS client; leadership MCP submit_task", "leadership", "SYSTEM", ["leadership"]),
  e("system.task.progress", "TaskProgress", "every team", "MCP clients, CLI", "SYSTEM"),
  e("system.task.completed", "TaskCompleted", "leadership", "the requester (correlation_id)", "SYSTEM"),
  e("system.task.failed", "TaskFailed", "leadership", "the requester (correlation_id)", "SYSTEM"),
  e("development.task.assigned", "TaskAssignment", "leadership", "development", "DEVELOPMENT", ["development"]),
  e("development.code.ready", "CodeReady", "development", "leadership", "DEVELOPMENT", ["leadership"]),
  e("development.blocked", "Blocked", "development (not yet)", "leadership (not yet)", "DEVELOPMENT"),
  e("development.design.proposed", "DesignProposal", "development (not yet)", "leadership (not yet)", "DEVELOPMENT"),
  e("development.feedback.received", "Feedback", "development", "leadership (re-plan)", "DEVELOPMENT", ["leadership"]),
  e("qa.test.requested", "TestRequest", "leadership", "qa", "QA", ["qa"]),
  e("qa.tests.complete", "TestResults", "qa", "people, observers (informational)", "QA"),
  e("qa.bugs.found", "BugReport", "qa", "leadership (back to development)", "QA", ["leadership"]),
  e("qa.approved", "Approval", "qa", "leadership", "QA", ["leadership"]),
  e("qa.feedback.received", "Feedback", "qa", "leadership (back to development)", "QA", ["leadership"]),
  e("documentation.request", "DocumentationRequest", "leadership", "documentation", "DOCUMENTATION", ["documentation"]),
  e("documentation.complete", "DocumentationComplete", "documentation", "leadership", "DOCUMENTATION", ["leadership"]),
  e("documentation.feedback.received", "Feedback", "documentation", "leadership (back to development)", "DOCUMENTATION", ["leadership"]),
  e("devops.deploy.requested", "DeploymentRequest", "leadership", "devops", "DEVOPS", ["devops"]),
  e("devops.deployed", "DeploymentComplete", "devops", "leadership (sign-off)", "DEVOPS", ["leadership"]),
  e("devops.deployment.failed", "DeploymentComplete", "devops", "leadership (fails the task)", "DEVOPS", ["leadership"]),
  e("devops.feedback.received", "Feedback", "devops", "leadership (back to documentation)", "DEVOPS", ["leadership"]),
  e("leadership.feedback.received", "Feedback", "leadership", "leadership (back to devops)", "LEADERSHIP", ["leadership"]),
  e("team.*.health", "TeamHealth", "every team", "leadership team_health, CLI status", "TEAM_EVENTS"),
  e("team.*.completion", "TeamCompletion", "every team", "observers", "TEAM_EVENTS"),
  e("team.*.status", "TeamStatus", "every team", "observers", "TEAM_EVENTS"),
  e("team.*.blocked", "TeamBlocked", "every team", "leadership", "TEAM_EVENTS"),
  e("team.*.error", "TeamError", "every team", "observers", "TEAM_EVENTS"),
  e("dlq.*.handler_failed", "DlqEntry", "every team's consumers", "leadership (fails the task); people", "DLQ", ["leadership"]),
  e("dlq.*.*", "DlqEntry", "every team's consumers", "people (inspection)", "DLQ"),
  e("circuit_breaker.*.state_changed", "CircuitBreakerStateChanged", "every team (a provider+model breaker)", "flotilla models, dependants", "OPERATIONS"),
  e("recovery.task.resurrected", "TaskResurrected", "leadership", "observers", "OPERATIONS"),
  e("escalation.human.required", "EscalationRequired", "leadership", "people", "OPERATIONS"),
  e("metrics.workflow.progress", "TaskProgress", "every team", "dashboards", "METRICS"),
  e("metrics.agent.*.*", "AgentMetrics", "every team", "dashboards", "METRICS"),
];

/** Name of a team's durable consumer on a subject; every instance of the team uses the same one. */
export function durableName(team: string, subject: string): string {
  return `${team}__${subject.replace(/[.*>]/g, "_")}`;
}

/** Every durable consumer of the fleet, from the catalogue. */
export const DURABLES = SUBJECTS.flatMap((entry) => (entry.durables ?? []).map((team) => ({ team, subject: entry.subject, stream: entry.stream })));

/** NATS-style match of a concrete subject against a catalogue pattern (`*` = one token). */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split(".");
  const s = subject.split(".");
  return p.length === s.length && p.every((t, i) => t === "*" || t === s[i]);
}

export function catalogueEntry(subject: string): SubjectEntry | undefined {
  return SUBJECTS.find((entry) => subjectMatches(entry.subject, subject));
}

export const subjects = {
  health: (team: string) => `team.${team}.health`,
  completion: (team: string) => `team.${team}.completion`,
  error: (team: string) => `team.${team}.error`,
  dlq: (team: string, reason: string) => `dlq.${team}.${reason}`,
  breaker: (team: string) => `circuit_breaker.${team}.state_changed`,
  agentMetrics: (team: string, agent: string) => `metrics.agent.${team}.${agent}`,
  feedback: (team: string) => `${team}.feedback.received`,
};
