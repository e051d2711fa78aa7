import { note } from "../say.ts";
import { ENTRIES, builtFile, sourceFile, type EntryName, type TeamName } from "./layout.ts";
import { ensureBuilt } from "./ensure.ts";

/** Node reads the build's source maps: stack traces name the `.ts` file and line. */
export const SOURCE_MAPS = ["--enable-source-maps"];

let warned = false;

/**
 * How to start one of our programs: the node arguments that run its build (built first when a
 * source changed), with source maps so a stack trace names the `.ts` file and line. Should the
 * build fail (a syntax error, esbuild missing), the program runs from its sources through tsx
 * as before, and we say so once.
 *
 * @example
 * spawn(process.execPath, await nodeCommand("dashboard"), { cwd: ROOT });
 */
export async function nodeCommand(entry: EntryName): Promise<string[]> {
  try {
    await ensureBuilt();
    return [...SOURCE_MAPS, builtFile(entry)];
  } catch (err) {
    if (!warned) {
      const why = err instanceof Error ? err.message.split("\n")[0] : String(err);
      note(`could not build .flotilla/build (${why}); running from sources through tsx, which is slower and larger`);
      warned = true;
    }
    return ["--import", "tsx", sourceFile(entry)];
  }
}

/** The one way to start a team process: `spawn(process.execPath, await teamCommand("qa"))`. */
export const teamCommand = (team: TeamName): Promise<string[]> => nodeCommand(`team-${team}`);

/** What a process started by nodeCommand has on its command line, built or from source. */
export function programMarkers(entry: EntryName): string[] {
  return [`.flotilla/build/${entry}.js`, ENTRIES[entry]!];
}
