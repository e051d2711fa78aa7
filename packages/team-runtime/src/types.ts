import type { z } from "zod";
import type {
  ChangeSet,
  MessageOf,
  ObjectStoreName,
  StepName,
  Subject,
  TeamName,
  WorkOutputName,
  WorkSubject,
} from "@flotilla/contracts";
import type { ModelBinding } from "@flotilla/models";
import type { Bus, Subscription } from "@flotilla/bus";
import type { KnowledgeStore } from "@flotilla/knowledge";
import type { Config } from "@flotilla/config";
import type { Logger } from "@flotilla/log";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Agent } from "./agents.ts";
import type { StepResult } from "./step-runner.ts";
import type { Worktree } from "./worktree.ts";
import type { Measurement } from "./quality/quality-records.ts";

/** An agent is data: a role with instructions, bound to a model. */
export interface AgentSpec {
  name: string;
  role: string;
  instructions: string;
  model: ModelBinding;
}

/** What every handler and tool gets: the process's connections and settings. */
export interface TeamContext {
  team: TeamName;
  instanceId: string;
  config: Config;
  bus: Bus;
  knowledge: KnowledgeStore;
  logger: Logger;
  agents: Agent[];
  /** The agent that drafts candidates (the first of the roster). */
  author: Agent;
  /** Draws of the model selection (seeded by MODEL_SELECTION_SEED); Math.random when absent. */
  random?: () => number;
}

/**
 * A workflow step the team performs when a work request arrives: rate what it received, draft
 * a candidate with its author, vote, store the artifact, then `finish` publishes the results.
 * The input type comes from the subject consumed, the output type from the output schema.
 */
export interface StepSpec<S extends WorkSubject, Out> {
  step: StepName;
  consumes: S;
  output: { name: WorkOutputName; schema: z.ZodType<Out> };
  artifact: { store: ObjectStoreName; name: string };
  /** The work request the author answers. */
  prompt(input: MessageOf<S>, received: string): string;
  /** Publishes the team's result messages once the artifact is stored. */
  finish(ctx: TeamContext, input: MessageOf<S>, result: StepResult<Out>): Promise<void>;
  /**
   * The step works on the task's repository: a private clone at the base commit with the
   * change sets it builds on applied. With `codeContext`, the author sees the relevant files.
   */
  worktree?: {
    upstream(ctx: TeamContext, input: MessageOf<S>): Promise<ChangeSet[]>;
    codeContext: boolean;
  };
  /** Runs each candidate for real in the clone before the vote (needs `worktree`). */
  check?: CheckSpec<S, Out>;
}

/** What running a candidate showed: the ballots and the author read `text`; `record` is stored. */
export interface CheckResult {
  passed: boolean;
  /** For ballots, and for the author when the candidate goes back. */
  text: string;
  /** The whole run (kept in `test_artifacts` and in the result message). */
  record: unknown;
}

export interface CheckSpec<S extends WorkSubject, Out> {
  /** Name of the record in `test_artifacts`, e.g. "validation.json". */
  artifact: string;
  /** What the progress line calls it, e.g. "validation". */
  label: string;
  /** Applies the candidate in the clone (fresh from `worktree.head`) and runs it. */
  run(ctx: TeamContext, input: MessageOf<S>, candidate: Out, worktree: Worktree): Promise<CheckResult>;
  /** How many times a failing candidate goes back to its author before the vote (0: never). */
  fixRounds(config: Config): number;
  /**
   * The chosen candidate's run as quality figures (`quality_metrics`): correctness, code quality,
   * completeness — or why they could not be measured. `fixes`: how often the author was sent back.
   */
  measure?(result: CheckResult, facts: { input: MessageOf<S>; candidate: Out; fixes: number }): Measurement;
}

/** A handler for a subscription that is not a workflow step (leadership's routing). */
export interface HandlerSpec<S extends Subject> {
  consumes: S;
  handle(ctx: TeamContext, input: MessageOf<S>): Promise<void>;
}

/** Wraps a handler (the runtime counts runs for the health report). */
export type HandlerWrap = <M>(handler: (message: M) => Promise<void>) => (message: M) => Promise<void>;

/**
 * A step or handler with its message types sealed in (from `defineStep` / `defineHandler`): the
 * runtime only needs to start its consumer, so a team can list steps of different subjects.
 */
export interface Consumer {
  consumes: Subject;
  /** Present for workflow steps. */
  step?: StepName;
  subscribe(ctx: TeamContext, wrap: HandlerWrap): Promise<Subscription>;
}

/** MCP tools a team offers to an IDE or Claude Desktop; async when it imports its tools' code on demand. */
export type ToolRegistrar = (server: McpServer, ctx: TeamContext) => void | Promise<void>;

/** Something the team process runs besides its consumers (e.g. a file watcher); stopped on shutdown. */
export type ServiceStarter = (ctx: TeamContext) => Promise<{ stop(): Promise<void> } | undefined>;

export interface TeamSpec {
  name: TeamName;
  purpose: string;
  agents: AgentSpec[];
  steps: Consumer[];
  handlers?: Consumer[];
  tools: ToolRegistrar;
  services?: ServiceStarter[];
}
