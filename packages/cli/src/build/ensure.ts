import { bundle } from "./bundle.ts";
import { isFresh } from "./stamp.ts";

let building: Promise<"fresh" | "built"> | undefined;

/**
 * Builds `.flotilla/build/` when a source it was made from changed, else does nothing (a stat
 * per input: milliseconds). Concurrent callers in one process share one build; other processes
 * may build at the same time, and each file is replaced whole.
 *
 * @example
 * await ensureBuilt(); // "fresh" the second time
 */
export function ensureBuilt(): Promise<"fresh" | "built"> {
  if (isFresh()) return Promise.resolve("fresh");
  building ??= bundle()
    .then(() => "built" as const)
    .finally(() => (building = undefined));
  return building;
}
