import { lstat } from "node:fs/promises";
import { resolve } from "node:path";
import type { ChangeSet } from "./change-set.ts";

/**
 * Whole files as a change set for the clone at `dir`: `replace` where it has a file of that path,
 * `create` elsewhere. Only decides the op; whether a path may be written is validation's call.
 *
 * @example
 * await applyChangeSet(clone, await wholeFileChanges(clone, [{ path: "test/a.test.mjs", content }]));
 */
export async function wholeFileChanges(
  dir: string,
  files: ReadonlyArray<{ path: string; content: string }>,
): Promise<ChangeSet> {
  const changes = await Promise.all(
    files.map(async ({ path, content }) => {
      const present = await lstat(resolve(dir, path)).then(
        (stat) => stat.isFile(),
        () => false,
      );
      return { op: present ? ("replace" as const) : ("create" as const), path, content };
    }),
  );
  return { changes };
}
