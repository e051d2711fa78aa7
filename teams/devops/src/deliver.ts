import {
  cutText,
  type DeliveredBranch,
  type DeploymentRequest,
  DocBundle,
  MAX,
  tailText,
  type TestRunResult,
  TestSuite,
} from "@flotilla/contracts";
import { applyChangeSet, commitChanges, deliverBranch, removeBranch, wholeFileChanges } from "@flotilla/repo";
import { runTestsIn } from "@flotilla/testrun";
import { changeSetsAt, timedWork, type TeamContext, type Worktree } from "@flotilla/team-runtime";
import { withRepoLock } from "./repo-lock.ts";

export interface Delivery {
  repository: DeliveredBranch;
  health: TestRunResult;
}

/** The health check failed: the branch was removed (a real rollback) and this says why. */
export class HealthCheckFailed extends Error {
  constructor(readonly delivery: Delivery) {
    super(
      `the health check failed on the committed tree (${delivery.health.verdict}: ${delivery.health.failed} of ` +
        `${delivery.health.total} tests failing${delivery.health.message ? `, ${delivery.health.message}` : ""}); ` +
        `branch ${delivery.repository.branch} removed`,
    );
  }
}

/**
 * Devops' delivery, under the repository's lock: every approved change set and the docs applied
 * in the step's clone, one commit with trailers, the repository's tests on that tree in the
 * sandbox, then the branch fetched into the user's repository. A failing health check removes the
 * branch instead. Nothing is ever pushed.
 */
export async function deliver(
  ctx: TeamContext,
  m: DeploymentRequest,
  worktree: Worktree,
  trailers: Record<string, string>,
): Promise<Delivery> {
  const { repo } = worktree;
  const [code, tests, docs] = await Promise.all([
    changeSetsAt(ctx, m.deployment.code_locations),
    testFiles(ctx, m),
    docFiles(ctx, m),
  ]);
  const clone = { path: worktree.dir, branch: worktree.branch, baseCommit: worktree.head };
  const description = cutText(m.workflow.task_description.split("\n")[0]!, 60);
  const { commit, diffStat } = await timedWork("repository", async () => {
    for (const changeSet of code) await applyChangeSet(worktree.dir, changeSet);
    // Tests and docs are written over whatever the code left, so they go after it.
    await applyChangeSet(worktree.dir, await wholeFileChanges(worktree.dir, tests));
    await applyChangeSet(worktree.dir, await wholeFileChanges(worktree.dir, docs));
    return commitChanges(clone, {
      message: `${description}\n\nFlotilla task ${m.task_id}: approved by its teams' votes and QA's sandboxed tests.`,
      trailers,
    });
  });
  const health = await timedWork("sandbox", () =>
    runTestsIn(worktree.dir, {
      testCommand: ctx.config.FLOTILLA_TEST_COMMAND || undefined,
      mode: ctx.config.FLOTILLA_SANDBOX,
    }),
  );
  const healthy = health.verdict === "pass" || health.verdict === "unverified";
  const branch = `flotilla/${m.task_id}`;
  await withRepoLock(ctx.bus, repo.path, ctx.instanceId, () =>
    timedWork("repository", async () => {
      if (healthy) await deliverBranch({ clone: worktree.dir, repo: repo.path, branch, commit });
      // An earlier round may have delivered the branch: a failed deploy leaves none behind.
      else await removeBranch(repo.path, branch);
    }),
  );
  const delivery: Delivery = {
    repository: {
      path: repo.path,
      branch,
      commit,
      base_commit: repo.base_commit,
      scratch: repo.scratch,
      // A message's limit: its end, where the summary line is, when many files changed.
      diff_stat: { ...diffStat, text: tailText(diffStat.text, MAX.long) },
      delivered: healthy,
    },
    health,
  };
  if (!healthy) throw new HealthCheckFailed(delivery);
  return delivery;
}

type File = { path: string; content: string };

/** QA's test files, the last round's of each test packet (each file written whole: created or replaced). */
async function testFiles(ctx: TeamContext, m: DeploymentRequest): Promise<File[]> {
  // Read at once, applied in the packets' order: a later packet's file of the same path wins.
  const suites = await Promise.all(
    m.deployment.test_locations.map(async (ref) => TestSuite.parse(await ctx.bus.objects.getJson(ref))),
  );
  const files = new Map<string, string>();
  for (const suite of suites) for (const file of suite.tests) files.set(file.path, file.content);
  return [...files].map(([path, content]) => ({ path, content }));
}

/** Each documentation packet's markdown as docs/<packet>.md. */
async function docFiles(ctx: TeamContext, m: DeploymentRequest): Promise<File[]> {
  return Promise.all(
    m.deployment.documentation_locations.map(async (ref) => {
      const doc = DocBundle.parse(await ctx.bus.objects.getJson(ref));
      const packet = ref.key.split("/")[1] ?? "docs";
      return {
        path: `docs/${packet}.md`,
        content: `${doc.markdown.trim()}\n\n## API\n\n${doc.api_reference.trim()}\n`,
      };
    }),
  );
}

/** A deploy that failed before its health check: a branch an earlier round delivered is withdrawn too. */
export async function withdrawBranch(ctx: TeamContext, m: DeploymentRequest, worktree: Worktree): Promise<void> {
  await withRepoLock(ctx.bus, worktree.repo.path, ctx.instanceId, () =>
    removeBranch(worktree.repo.path, `flotilla/${m.task_id}`),
  );
}
