export { BUILD_DIR, builtFile, sourceFile, type EntryName, type TeamName } from "./layout.ts";
export { ensureBuilt } from "./ensure.ts";
export { nodeCommand, teamCommand, programMarkers } from "./command.ts";
