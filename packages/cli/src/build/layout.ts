import { join, resolve } from "node:path";

/**
 * Where the build reads and writes. Deliberately free of workspace imports: the launcher runs
 * this folder from source (through tsx) before anything else is built.
 *
 * `import.meta.dirname` is the source folder in both worlds: the bundler rewrites it to point
 * back at the `.ts` file's folder (plugin.ts).
 */
export const ROOT = resolve(import.meta.dirname, "../../../..");

/** Tied to the sources, not to FLOTILLA_HOME: every test home shares one build of the tree. */
export const BUILD_DIR = join(ROOT, ".flotilla", "build");

/** What the launcher compares mtimes against: one input path per line, written last. */
export const INPUTS_FILE = join(BUILD_DIR, "inputs");
export const STAMP_FILE = join(BUILD_DIR, "stamp.json");

export const TEAM_NAMES = ["leadership", "development", "qa", "documentation", "devops"] as const;
export type TeamName = (typeof TEAM_NAMES)[number];

/** Every program we run: its output name (`<name>.js` in BUILD_DIR) and its source entry. */
export const ENTRIES: Readonly<Record<string, string>> = {
  cli: "packages/cli/src/main.ts",
  dashboard: "packages/dashboard/src/main.ts",
  ...Object.fromEntries(TEAM_NAMES.map((team) => [`team-${team}`, `teams/${team}/src/main.ts`])),
};
export type EntryName = "cli" | "dashboard" | `team-${TeamName}`;

export const builtFile = (entry: EntryName) => join(BUILD_DIR, `${entry}.js`);
export const sourceFile = (entry: EntryName) => join(ROOT, ENTRIES[entry]!);
