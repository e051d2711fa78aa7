import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { ChangeSet, ContextRef, TaskRepo, WorkflowContext } from "@flotilla/contracts";
import { cutText } from "@flotilla/contracts";
import {
  applyChangeSet,
  cloneForTask,
  commitChanges,
  formatCodeContext,
  relevantFiles,
  resetClone,
} from "@flotilla/repo";
import type { TeamContext } from "./types.ts";
import { timedWork } from "./profile/io-profile.ts";

/** A step's private clone of the task's repository, at the task's base commit plus the work it builds on. */
export interface Worktree {
  /** Real path of the clone. */
  dir: string;
  repo: TaskRepo;
  /** `flotilla/<task>` in the clone. */
  branch: string;
  /** The commit the clone's work starts from (the base, or the upstream work committed on it). */
  head: string;
  /** Back to `head`: what a candidate wrote is gone (between candidates). */
  reset(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * Clones the task's repository for this step (under FLOTILLA_WORKSPACE/clones/<team>/), applies
 * the upstream change sets and commits them inside the clone, so each candidate is judged on the
 * same tree. Undefined for a task without a repository. The user's checkout is only read.
 */
export async function openWorktree(
  ctx: TeamContext,
  wf: WorkflowContext,
  upstream: readonly ChangeSet[],
): Promise<Worktree | undefined> {
  const repo = wf.repo;
  return repo ? timedWork("repository", () => cloneWith(ctx, { ...wf, repo }, upstream)) : undefined;
}

async function cloneWith(
  ctx: TeamContext,
  wf: WorkflowContext & { repo: TaskRepo },
  upstream: readonly ChangeSet[],
): Promise<Worktree> {
  // One folder per run of a step: an instance works on several tasks at once, and a resent
  // request can run beside the one it stands in for. (A run that crashed leaves its folder.)
  const folder = join(
    resolve(ctx.config.FLOTILLA_WORKSPACE),
    "clones",
    ctx.team,
    wf.task_id,
    `${wf.packet_id ?? wf.step}-r${wf.round}-${randomUUID().slice(0, 8)}`,
  );
  const clone = await cloneForTask({
    repo: wf.repo.path,
    baseRef: wf.repo.base_commit,
    dir: folder,
    taskId: wf.task_id,
  });
  let head = clone.baseCommit;
  try {
    for (const changeSet of upstream) await applyChangeSet(clone.path, changeSet);
    if (upstream.some((c) => c.changes.length > 0))
      head = (await commitChanges(clone, { message: "Upstream work this step builds on", trailers: {} })).commit;
  } catch (error) {
    await disposeClone(folder);
    throw error;
  }
  return {
    dir: clone.path,
    repo: wf.repo,
    branch: clone.branch,
    head,
    reset: () => timedWork("repository", () => resetClone(clone.path)),
    // Not timed: it runs once the step's result is out, beside the next step, off the task's path.
    dispose: () => disposeClone(folder),
  };
}

/** Files of the clone relevant to the work, for the author's prompt, and their citations for the step record. */
export async function codeContext(wt: Worktree, query: string): Promise<{ prompt: string; refs: ContextRef[] }> {
  const named = [...query.matchAll(/[\w./-]+\.[A-Za-z]{1,5}\b/g)].map((m) => m[0]);
  const found = await timedWork("repository", () => relevantFiles(wt.dir, query, { named }));
  return {
    prompt: formatCodeContext(found),
    refs: found.files.map((file) => ({
      collection: "repository",
      point_id: file.path,
      score: file.score,
      source: file.path,
      excerpt: cutText(file.content, 400),
    })),
  };
}

// The task's folder stays (empty): removing it could race another step of the task creating its clone there.
const disposeClone = (folder: string) => rm(folder, { recursive: true, force: true });
