import { note } from "../say.ts";
import { ENTRIES, builtFile, sourceFile, type EntryName, type TeamName } from "./layout.ts";
import { ensureBuilt } from "./ensure.ts";

let warned = false;

/**
 * How to start one of our programs: the node arguments that run its build (built first when a
 * source changed); its stack traces name the `.ts` file and line (stack-traces.ts). Should the
 * build fail (a syntax error, esbuild missing), the program runs from its sources through tsx
 * as before, and we say so once.
 *
 * @example
 * spawn(process.execPath, await nodeCommand("dashboard"), { cwd: ROOT });
 */
export async function nodeCommand(entry: EntryName): Promise<string[]> {
  try {
    await ensureBuilt();
    // No --enable-source-maps: each program maps its own traces, lazily (stack-traces.ts).
    return [builtFile(entry)];
  } catch (err) {
    if (!warned) {
      // esbuild's first line only counts the errors; the next names the first one.
      const why = (err instanceof Error ? err.message : String(err)).split("\n").slice(0, 2).join(" ");
      note(`could not build .flotilla/build (${why}); running from sources through tsx, which is slower and larger`);
      warned = true;
    }
    return ["--import", "tsx", sourceFile(entry)];
  }
}

/**
 * V8 settings for team processes, which idle beside a developer's editor and mostly wait on I/O
 * when busy. Measured with `flotilla bench` (docs/build.md):
 * - young generation capped at 1 MB per semi-space: V8 grows it to 16 MB while a team loads its
 *   code and never hands it back (~15 MB); scavenges come more often but each is short;
 * - one V8 worker thread instead of four (~6 MB of thread stacks and allocator arenas): the
 *   machine has few cores and five teams share them.
 */
export const TEAM_V8_FLAGS = ["--max-semi-space-size=1", "--v8-pool-size=1"];

/** The one way to start a team process: `spawn(process.execPath, await teamCommand("qa"))`. */
export const teamCommand = async (team: TeamName): Promise<string[]> => [
  ...TEAM_V8_FLAGS,
  ...(await nodeCommand(`team-${team}`)),
];

/** What a process started by nodeCommand has on its command line, built or from source. */
export function programMarkers(entry: EntryName): string[] {
  return [`.flotilla/build/${entry}.js`, ENTRIES[entry]!];
}
