// The schemas are message types, so they live in contracts; the caps are this package's rule.
export { ChangeSet, FileChange, FileDelete, FilePatch, FileWrite } from "@flotilla/contracts";

/** Size caps, in UTF-8 bytes: per file (content or diff) and for the whole change set. */
export interface ChangeSetCaps {
  maxFileBytes: number;
  maxTotalBytes: number;
}

export const DEFAULT_CHANGE_SET_CAPS: ChangeSetCaps = { maxFileBytes: 1_000_000, maxTotalBytes: 5_000_000 };
