/**
 * The subject catalogue: one table that the bus (streams, validation), the teams (what they
 * consume) and the docs (README table, JSON Schema export) all read.
 */
import type { MessageName } from "./messages/index.ts";

export interface SubjectEntry {
  /** NATS subject; `*` stands for one token (a team name, an agent, a DLQ reason). */
  subject: string;
  message: MessageName;
  producer: string;
  consumers: string;
  stream: StreamName;
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

const e = (subject: string, message: MessageName, producer: string, consumers: string, stream: StreamName): SubjectEntry =>
  ({ subject, message, producer, consumers, stream });

export const SUBJECTS: readonly SubjectEntry[] = [
  e("system.task.request", "TaskRequest", "any NATS client; leadership MCP submit_task", "leadership", "SYSTEM"),
  e("system.task.progress", "TaskProgress", "every team", "MCP clients, CLI", "SYSTEM"),
  e("system.task.completed", "TaskCompleted", "leadership", "the requester (correlation_id)", "SYSTEM"),
  e("system.task.failed", "TaskFailed", "leadership", "the requester (correlation_id)", "SYSTEM"),
  e("development.task.assigned", "TaskAssignment", "leadership", "development", "DEVELOPMENT"),
  e("development.code.ready", "CodeReady", "development", "leadership", "DEVELOPMENT"),
  e("development.blocked", "Blocked", "development", "leadership", "DEVELOPMENT"),
  e("development.design.proposed", "DesignProposal", "development", "leadership", "DEVELOPMENT"),
  e("development.feedback.received", "Feedback", "development", "leadership", "DEVELOPMENT"),
  e("qa.test.requested", "TestRequest", "leadership", "qa", "QA"),
  e("qa.tests.complete", "TestResults", "qa", "leadership, people", "QA"),
  e("qa.bugs.found", "BugReport", "qa", "leadership (back to development)", "QA"),
  e("qa.approved", "Approval", "qa", "leadership", "QA"),
  e("qa.feedback.received", "Feedback", "qa", "leadership (back to development)", "QA"),
  e("documentation.request", "DocumentationRequest", "leadership", "documentation", "DOCUMENTATION"),
  e("documentation.complete", "DocumentationComplete", "documentation", "leadership", "DOCUMENTATION"),
  e("documentation.feedback.received", "Feedback", "documentation", "leadership", "DOCUMENTATION"),
  e("devops.deploy.requested", "DeploymentRequest", "leadership", "devops", "DEVOPS"),
  e("devops.deployed", "DeploymentComplete", "devops", "leadership", "DEVOPS"),
  e("devops.deployment.failed", "DeploymentComplete", "devops", "leadership", "DEVOPS"),
  e("devops.feedback.received", "Feedback", "devops", "leadership", "DEVOPS"),
  e("leadership.feedback.received", "Feedback", "leadership", "leadership (back to devops)", "LEADERSHIP"),
  e("team.*.health", "TeamHealth", "every team", "leadership team_health, CLI status", "TEAM_EVENTS"),
  e("team.*.completion", "TeamCompletion", "every team", "observers", "TEAM_EVENTS"),
  e("team.*.status", "TeamStatus", "every team", "observers", "TEAM_EVENTS"),
  e("team.*.blocked", "TeamBlocked", "every team", "leadership", "TEAM_EVENTS"),
  e("team.*.error", "TeamError", "every team", "observers", "TEAM_EVENTS"),
  e("dlq.*.*", "DlqEntry", "every team's consumers", "people (replay)", "DLQ"),
  e("circuit_breaker.*.state_changed", "CircuitBreakerStateChanged", "every team", "dependants", "OPERATIONS"),
  e("recovery.task.resurrected", "TaskResurrected", "leadership", "observers", "OPERATIONS"),
  e("escalation.human.required", "EscalationRequired", "leadership", "people", "OPERATIONS"),
  e("metrics.workflow.progress", "TaskProgress", "every team", "dashboards", "METRICS"),
  e("metrics.agent.*.*", "AgentMetrics", "every team", "dashboards", "METRICS"),
];

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
