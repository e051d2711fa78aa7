import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { TaskRepo, TaskRequest } from "@flotilla/contracts";
import { RepoError, resolveCommit, resolveTarget, scratchRepo, trackedPaths } from "@flotilla/repo";
import { languageOf, taskTypeOf } from "@flotilla/quality";
import type { TeamContext } from "@flotilla/team-runtime";

/** The repository a task works on and what kind of work it is, or why it may not have it. */
export type TaskTarget = { repo: TaskRepo; taskType: string } | { error: string };

/** Where tasks without a repository get theirs: FLOTILLA_WORKSPACE/scratch/<task id>. */
export const scratchDir = (ctx: TeamContext) => join(resolve(ctx.config.FLOTILLA_WORKSPACE), "scratch");

/**
 * Resolves the task's repository once, at intake, to a real path under FLOTILLA_REPOS and a
 * commit, so every team works from the same tree even if the user's branch moves meanwhile.
 * A task naming none gets a scratch repository (kept: its branch is the result).
 */
export async function taskTargetOf(ctx: TeamContext, m: TaskRequest, taskId: string): Promise<TaskTarget> {
  const target = await repoOf(ctx, m, taskId);
  if ("error" in target) return target;
  // The kind of work and the repository's language: scores, model choice and lessons are per type.
  const language = languageOf(await trackedPaths(target.repo.path, target.repo.base_commit));
  return { ...target, taskType: m.task.task_type ?? taskTypeOf(describe(m), language) };
}

const describe = (m: TaskRequest) => [m.task.description, ...m.task.requirements].join("\n");

async function repoOf(
  ctx: TeamContext,
  m: TaskRequest,
  taskId: string,
): Promise<{ repo: TaskRepo } | { error: string }> {
  try {
    const named = m.task.repo;
    if (named) {
      const path = await resolveTarget(named.path, ctx.config.FLOTILLA_REPOS);
      return { repo: { path, base_commit: await resolveCommit(path, named.base_ref ?? "HEAD"), scratch: false } };
    }
    const existing = join(scratchDir(ctx), taskId);
    // Re-delivered before the state was written: the scratch repository made then is the task's.
    if (existsSync(join(existing, ".git")))
      return { repo: { path: existing, base_commit: await resolveCommit(existing, "main"), scratch: true } };
    const scratch = await scratchRepo(scratchDir(ctx), taskId);
    return { repo: { path: scratch.path, base_commit: scratch.commit, scratch: true } };
  } catch (error) {
    if (error instanceof RepoError) return { error: `the task's repository cannot be used: ${error.message}` };
    throw error;
  }
}
