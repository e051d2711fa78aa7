export { resolveTarget } from "./target.ts";
export { scratchRepo, type ScratchRepo } from "./scratch.ts";
export { cloneForTask, type CloneForTaskOptions, type TaskClone } from "./clone.ts";
export {
  ChangeSet,
  DEFAULT_CHANGE_SET_CAPS,
  FileChange,
  FileDelete,
  FilePatch,
  FileWrite,
  type ChangeSetCaps,
} from "./change-set.ts";
export { validateChangeSet } from "./validate.ts";
export { applyChangeSet } from "./apply.ts";
export { ChangeSetRejectedError, RepoError, type ChangeSetProblem } from "./errors.ts";
export { resetClone } from "./reset.ts";
export { commitChanges, type CommitOptions, type CommitResult } from "./commit.ts";
export { deliverBranch, removeBranch, type DeliverOptions } from "./deliver.ts";
export { branchExists, resolveCommit, trackedPaths } from "./refs.ts";
export { diffOf, diffStatOf, type DiffStat } from "./diff.ts";
export {
  relevantFiles,
  type CodeContext,
  type ContextFile,
  type RelevantFilesOptions,
} from "./code-context/relevant-files.ts";
export { formatCodeContext } from "./code-context/format.ts";
export { wholeFileChanges } from "./whole-files.ts";
