import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import { ENTRIES, INPUTS_FILE, ROOT, STAMP_FILE, BUILD_DIR } from "./layout.ts";
import { bundleOptions } from "./options.ts";
import { fingerprint, manifestFiles, type Stamp } from "./stamp.ts";

// A running process loads a lazy chunk (a provider's adapter) long after it started, from the
// build it started with: chunks of older builds stay a week, then go.
const KEEP_OLD_MS = 7 * 24 * 3600_000;

/** Builds every program (the CLI, the dashboard, each team) in one esbuild run into BUILD_DIR. */
export async function bundle(): Promise<Stamp> {
  // Loaded here, not at the top: a fresh build never needs esbuild in the process.
  const esbuild = await import("esbuild");
  const started = Date.now();
  const entryPoints = Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, join(ROOT, file)]));
  const result = await esbuild.build(bundleOptions(entryPoints, BUILD_DIR));
  const written = new Set<string>();
  for (const file of result.outputFiles) {
    writeAtomically(file.path, file.contents);
    written.add(file.path);
  }
  prune(written);
  const inputs = [
    ...Object.keys(result.metafile.inputs).filter((file) => !file.split(/[\\/]/).includes("node_modules")),
    ...manifestFiles(),
  ].map((file) => relative(ROOT, join(ROOT, file)).split(sep).join("/"));
  // A file saved while esbuild ran may not be in this output: leave the build stale, so the
  // next start builds again instead of trusting a fingerprint taken after the edit.
  const edited = inputs.some(
    (file) => (statSync(join(ROOT, file), { throwIfNoEntry: false })?.mtimeMs ?? 0) >= started,
  );
  const stamp: Stamp = { fingerprint: edited ? "edited during the build" : fingerprint(inputs), inputs };
  writeAtomically(STAMP_FILE, JSON.stringify(stamp));
  if (edited) rmSync(INPUTS_FILE, { force: true });
  else writeAtomically(INPUTS_FILE, `${inputs.join("\n")}\n`);
  return stamp;
}

/**
 * Rename over the old file: a process starting while another builds sees one build or the
 * other, never half a file. Tests build concurrently from several workers.
 */
function writeAtomically(path: string, contents: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}`);
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

function prune(keep: ReadonlySet<string>): void {
  for (const name of readdirSync(BUILD_DIR)) {
    const file = join(BUILD_DIR, name);
    if (keep.has(file) || file === STAMP_FILE || file === INPUTS_FILE) continue;
    const stat = statSync(file, { throwIfNoEntry: false });
    if (stat && Date.now() - stat.mtimeMs > KEEP_OLD_MS) rmSync(file, { force: true });
  }
}
