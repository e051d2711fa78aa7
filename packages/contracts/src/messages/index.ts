import {
  ApprovalDecision,
  PlanRequest,
  SignoffRequest,
  TaskCompleted,
  TaskFailed,
  TaskProgress,
  TaskRequest,
} from "./task.ts";
import { TaskAssignment } from "./assignment.ts";
import { Blocked, CodeReady, DesignProposal } from "./development.ts";
import { Approval, BugReport, Feedback, TestRequest, TestResults } from "./qa.ts";
import { DocumentationComplete, DocumentationRequest } from "./documentation.ts";
import { DeploymentComplete, DeploymentRequest } from "./devops.ts";
import { TeamBlocked, TeamCompletion, TeamError, TeamHealth, TeamStatus } from "./team-events.ts";
import {
  AgentMetrics,
  CircuitBreakerStateChanged,
  DlqEntry,
  DlqReplayed,
  EscalationRequired,
  TaskResurrected,
} from "./operations.ts";

/** Every message schema by name: the single source of message types. */
export const MESSAGES = {
  TaskRequest,
  PlanRequest,
  SignoffRequest,
  TaskCompleted,
  TaskFailed,
  TaskProgress,
  ApprovalDecision,
  TaskAssignment,
  CodeReady,
  Blocked,
  DesignProposal,
  TestRequest,
  TestResults,
  BugReport,
  Approval,
  Feedback,
  DocumentationRequest,
  DocumentationComplete,
  DeploymentRequest,
  DeploymentComplete,
  TeamHealth,
  TeamCompletion,
  TeamStatus,
  TeamBlocked,
  TeamError,
  DlqEntry,
  DlqReplayed,
  CircuitBreakerStateChanged,
  TaskResurrected,
  EscalationRequired,
  AgentMetrics,
} as const;
export type MessageName = keyof typeof MESSAGES;

export * from "./task.ts";
export * from "./assignment.ts";
export * from "./development.ts";
export * from "./qa.ts";
export * from "./documentation.ts";
export * from "./devops.ts";
export * from "./team-events.ts";
export * from "./operations.ts";
