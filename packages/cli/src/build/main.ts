/**
 * `node --import tsx packages/cli/src/build/main.ts`: what scripts/flotilla runs when a source
 * is newer than the build, so the build is always made by the current build code. Builds only
 * if the fingerprint says so; exit 1 (esbuild's message on stderr) when the build fails.
 */
import { ensureBuilt } from "./ensure.ts";

const started = performance.now();
try {
  if ((await ensureBuilt()) === "built")
    process.stderr.write(`flotilla: built .flotilla/build in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
} catch (err) {
  process.stderr.write(`flotilla: the build failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
