import { Buffer } from "node:buffer";
import { realpath } from "node:fs/promises";
import { conflictProblems, pathProblem, payloadOf, payloadProblem } from "./change-path.ts";
import { DEFAULT_CHANGE_SET_CAPS, type ChangeSet, type ChangeSetCaps, type FileChange } from "./change-set.ts";
import { RepoError, type ChangeSetProblem } from "./errors.ts";
import { patchProblem } from "./patch.ts";
import { placeProblem } from "./place.ts";

/**
 * Every problem with `changeSet` against the repository at `root`, one per wrong path with the
 * first reason found, plus one when the whole is over the total cap. Empty means it may be
 * applied. Reads only: nothing in `root` is written.
 *
 * @example
 * const problems = await validateChangeSet(changeSet, clone.path, { maxFileBytes: 200_000 });
 * // [{ path: "../x", reason: "the path has a '..' segment; …" }]
 */
export async function validateChangeSet(
  changeSet: ChangeSet,
  root: string,
  caps: Partial<ChangeSetCaps> = {},
): Promise<ChangeSetProblem[]> {
  const limits = { ...DEFAULT_CHANGE_SET_CAPS, ...caps };
  const realRoot = await realpath(root).catch((cause: unknown) => {
    throw new RepoError(`the repository ${root} to apply the change set in does not exist`, { root }, cause);
  });
  const conflicts = conflictProblems(changeSet.changes.map((change) => change.path));
  const problems: ChangeSetProblem[] = [];
  // One change after the other: a patch costs three git processes, and a change set may hold hundreds.
  for (const change of changeSet.changes) {
    const reason =
      pathProblem(change.path) ??
      conflicts.get(change.path) ??
      payloadProblem(change, limits) ??
      (await placeProblem(realRoot, change)) ??
      (change.op === "patch" ? await patchProblem(realRoot, change.path, change.diff) : undefined);
    // A path changed twice is one problem, not two.
    if (reason !== undefined && !problems.some((p) => p.path === change.path && p.reason === reason))
      problems.push({ path: change.path, reason });
  }
  const over = totalProblem(changeSet.changes, limits);
  return over ? [...problems, over] : problems;
}

/** The change where the running total crosses the total cap, if it does. */
function totalProblem(changes: readonly FileChange[], caps: ChangeSetCaps): ChangeSetProblem | undefined {
  const total = changes.reduce((sum, change) => sum + Buffer.byteLength(payloadOf(change), "utf8"), 0);
  if (total <= caps.maxTotalBytes) return undefined;
  let running = 0;
  const crossing = changes.find(
    (change) => (running += Buffer.byteLength(payloadOf(change), "utf8")) > caps.maxTotalBytes,
  );
  return {
    path: crossing?.path ?? "",
    reason: `the change set carries ${total} bytes, over the total cap of ${caps.maxTotalBytes} (crossed at this file)`,
  };
}
