import type { ModelChoice, WorkflowContext } from "@flotilla/contracts";
import {
  buildLeaderboard,
  chooseModel,
  diversify,
  loadQualityRecords,
  taskTypeOf,
  type AgentChoice,
  type LeaderboardRow,
} from "@flotilla/quality";
import type { Candidate } from "@flotilla/models";
import type { Agent } from "../agents.ts";
import type { TeamContext } from "../types.ts";

export interface StepModels {
  /** The team context of this step: every agent served by its chosen model, with fresh usage. */
  ctx: TeamContext;
  choices: ModelChoice[];
  taskType: string;
}

/** The task's type: leadership's (in the workflow), else classified from its text. */
export const taskTypeOfWorkflow = (wf: Pick<WorkflowContext, "task_type" | "task_description">) =>
  wf.task_type ?? taskTypeOf(wf.task_description);

/**
 * MODEL_SELECTION_STRATEGY, per step and task type: each agent's candidate models are weighed on
 * the team's quality records of that type and role; then the vote is spread over providers (or
 * models of one). Scores that cannot be read leave every agent on its primary model, with why.
 */
export async function chooseStepModels(ctx: TeamContext, wf: WorkflowContext): Promise<StepModels> {
  const taskType = taskTypeOfWorkflow(wf);
  const strategy = ctx.config.MODEL_SELECTION_STRATEGY;
  const { rows, unavailable } = await scores(ctx, taskType);
  const random = ctx.random ?? Math.random;
  let picks: Picked[] = ctx.agents.map((agent): Picked => {
    const candidates = agent.candidates.length ? agent.candidates : [primaryOf(agent)];
    if (candidates.length === 1)
      return { agent: agent.spec.name, candidates, chosen: candidates[0]!, reason: "its only candidate" };
    if (unavailable)
      return { agent: agent.spec.name, candidates, chosen: candidates[0]!, reason: `primary model: ${unavailable}` };
    // Rows name the model that served (the simulated one stands in for each candidate): match on that.
    const served = candidates.map((c) => agent.serving(c).producer);
    const selection = chooseModel({
      strategy,
      candidates: served.map((p) => ({ provider: p.provider, model: p.model })),
      rows: rows.filter((r) => r.role === agent.spec.role),
      rng: random,
      exploreRate: ctx.config.MODEL_EXPLORE_RATE,
      taskType,
    });
    const at = served.findIndex((p) => p.provider === selection.chosen.provider && p.model === selection.chosen.model);
    return {
      agent: agent.spec.name,
      candidates,
      chosen: candidates[Math.max(0, at)]!,
      reason: selection.reason,
      views: selection.views,
    };
  });
  if (ctx.config.TEAM_VOTING_ENABLED && picks.length > 1) picks = keepViews(picks, diversify(picks));
  const agents = ctx.agents.map((agent, i) => agent.serving(picks[i]!.chosen));
  const choices = picks.map((p, i): ModelChoice => ({
    agent: p.agent,
    role: ctx.agents[i]!.spec.role,
    provider: p.chosen.provider,
    model: p.chosen.model,
    strategy,
    task_type: taskType,
    reason: p.reason,
    candidates: p.views ?? [],
  }));
  return { ctx: { ...ctx, agents, author: agents[0]! }, choices, taskType };
}

type Picked = AgentChoice & { views?: ModelChoice["candidates"] };

/** Diversity may switch a voter; the candidate views it was chosen from stay. */
const keepViews = (before: Picked[], after: AgentChoice[]): Picked[] =>
  after.map((choice, i) => ({ ...choice, views: before[i]!.views }));

const primaryOf = (agent: Agent): Candidate => ({ provider: agent.spec.model.provider, model: agent.spec.model.model });

async function scores(ctx: TeamContext, taskType: string): Promise<{ rows: LeaderboardRow[]; unavailable?: string }> {
  if (ctx.agents.every((a) => a.candidates.length <= 1)) return { rows: [] };
  try {
    const records = await loadQualityRecords(ctx.knowledge, { team: ctx.team, task_type: taskType });
    return { rows: buildLeaderboard(records, { task_type: taskType, team: ctx.team }) };
  } catch (err) {
    ctx.logger.warn({ err: (err as Error).message }, "quality scores unavailable: agents keep their primary models");
    return { rows: [], unavailable: `quality scores could not be read (${(err as Error).message})` };
  }
}
