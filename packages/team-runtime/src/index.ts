import type { TeamSpec } from "./types.ts";

export type {
  AgentSpec,
  StepSpec,
  HandlerSpec,
  TeamSpec,
  TeamContext,
  ToolRegistrar,
  ServiceStarter,
  Consumer,
  CheckSpec,
  CheckResult,
} from "./types.ts";
export type { Worktree } from "./worktree.ts";
export { notMeasured, type Measurement } from "./quality/quality-records.ts";
export { taskTypeOfWorkflow } from "./quality/model-selection.ts";
export { changeSetsAt } from "./code.ts";
export { testRunSummary, validationSummary } from "./run-summary.ts";
export { defineStep, defineHandler } from "./define.ts";
export type { Agent, AskOptions } from "./agents.ts";
export { bindAgents } from "./agents.ts";
export { runStep, coordsOf, type StepResult } from "./step-runner.ts";
export { runVote, type VoteInput, type VoteResult } from "./voting.ts";
export { tally, type Tally } from "./tally.ts";
export { rateReceived } from "./rating.ts";
export { reply, progress, resultOf, type StepPlace } from "./publishing.ts";
export { runTeam, main, type RunningTeam } from "./run-team.ts";
export { structured, toolError } from "./mcp-results.ts";
export { excerpt } from "./text.ts";
export {
  startIoProfile,
  timedWork,
  IO_PROFILE_ENV,
  OUTSIDE_TASKS,
  type IoProfileFile,
  type IoProfileLine,
  type IoTally,
  type TaskIo,
  type WorkKind,
} from "./profile/io-profile.ts";
export { deliberate, type DeliberateInput } from "./deliberate.ts";
export { registerTeamTool, type TeamToolSpec } from "./team-tool.ts";

/** Declares a team; an identity function that gives the declaration its type. */
export function defineTeam<T extends TeamSpec>(spec: T): T {
  return spec;
}
export { retrieveContext, contextPrompt, KNOWLEDGE_COLLECTIONS } from "./retrieval.ts";
export { searchKnowledge, type Hit } from "./search-tool.ts";
