import { FlotillaError } from "@flotilla/errors";

/**
 * A repository Flotilla may not touch or cannot use: outside FLOTILLA_REPOS, not a git
 * repository, a base ref that is not there, a task folder already in use, a git command that failed.
 *
 * @example
 * if (FlotillaError.is(err) && err.name === "RepoError") reply(`cannot use the repository: ${err.message}`);
 */
export class RepoError extends FlotillaError {
  override readonly name = "RepoError";
  constructor(message: string, context: Record<string, unknown> = {}, cause?: unknown) {
    super(message, { isRetryable: false, context, cause });
  }
}

/** One thing wrong with one change of a change set. */
export interface ChangeSetProblem {
  path: string;
  reason: string;
}

/**
 * A change set that was refused as a whole: nothing was written. `problems` lists every path
 * that is wrong and why, so the author can fix all of them in one new candidate.
 */
export class ChangeSetRejectedError extends FlotillaError {
  override readonly name = "ChangeSetRejectedError";
  constructor(readonly problems: ChangeSetProblem[]) {
    super(
      `change set rejected, nothing was written (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  ${JSON.stringify(p.path)}: ${p.reason}`).join("\n"),
      { isRetryable: false, context: { problems } },
    );
  }
}
