import type { z } from "zod";
import type { ObjectStoreName, StepName, TeamName, WorkflowContext, WorkOutputName } from "@flotilla/contracts";
import type { ModelBinding } from "@flotilla/models";
import type { Bus } from "@flotilla/bus";
import type { KnowledgeStore } from "@flotilla/knowledge";
import type { Config } from "@flotilla/config";
import type { Logger } from "@flotilla/log";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { Agent } from "./agents.ts";
import type { StepResult } from "./step-runner.ts";

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
}

/**
 * A workflow step the team performs when a message arrives: rate what it received, draft a
 * candidate with its author, vote, store the artifact, then `finish` publishes the results.
 */
export interface StepSpec<In = any, Out = any> {
  step: StepName;
  consumes: string;
  output: { name: WorkOutputName; schema: z.ZodType<Out> };
  artifact: { store: ObjectStoreName; name: string };
  /** Where this message sits in its task's workflow. */
  workflow(input: In, ctx: TeamContext): WorkflowContext;
  /** Runs first, when the message arrives (leadership records the task here). */
  begin?(ctx: TeamContext, input: In, workflow: WorkflowContext): Promise<void>;
  /** The work request the author answers. */
  prompt(input: In, received: string): string;
  /** Publishes the team's result messages once the artifact is stored. */
  finish(ctx: TeamContext, input: In, result: StepResult<Out>): Promise<void>;
}

/** A handler for a subscription that is not a workflow step (leadership's routing). */
export interface HandlerSpec<In = any> {
  consumes: string;
  handle(ctx: TeamContext, input: In): Promise<void>;
}

/** MCP tools a team offers to an IDE or Claude Desktop. */
export type ToolRegistrar = (server: McpServer, ctx: TeamContext) => void;

/** Something the team process runs besides its consumers (e.g. a file watcher); stopped on shutdown. */
export type ServiceStarter = (ctx: TeamContext) => Promise<{ stop(): Promise<void> } | undefined>;

export interface TeamSpec {
  name: TeamName;
  purpose: string;
  agents: AgentSpec[];
  steps: StepSpec[];
  handlers?: HandlerSpec[];
  tools: ToolRegistrar;
  services?: ServiceStarter[];
}
