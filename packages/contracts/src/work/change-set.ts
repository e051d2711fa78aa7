import { z } from "zod";
import { ITEMS, MAX } from "../limits.ts";

// Checked by validateChangeSet (@flotilla/repo), not here, so that every bad path is reported with its reason.
const RepoPath = z.string().max(MAX.path).describe("relative to the repository root, with forward slashes: src/app.ts");

/** A whole file: `create` a new one or `replace` an existing one's content. */
// Contents and diffs travel in the object store (CodeBundle in code_artifacts), never in a message.
export const FileWrite = z.object({
  op: z.enum(["create", "replace"]),
  path: RepoPath,
  content: z.string().max(MAX.file),
});
/** A unified diff (as `git diff` prints it) that edits one existing file's lines. */
export const FilePatch = z.object({ op: z.literal("patch"), path: RepoPath, diff: z.string().max(MAX.file) });
export const FileDelete = z.object({ op: z.literal("delete"), path: RepoPath });

export const FileChange = z.discriminatedUnion("op", [FileWrite, FilePatch, FileDelete]);
export type FileChange = z.infer<typeof FileChange>;

/**
 * What development produces: files created, replaced, patched or deleted. Validated as a whole
 * before anything is written (`validateChangeSet`, `applyChangeSet` in @flotilla/repo).
 *
 * @example
 * const changeSet = ChangeSet.parse({ changes: [{ op: "create", path: "src/sum.ts", content: "export const sum = …" }] });
 */
export const ChangeSet = z.object({ changes: z.array(FileChange).max(ITEMS.many) });
export type ChangeSet = z.infer<typeof ChangeSet>;
