import { join } from "node:path";
import type { BuildOptions } from "esbuild";
import { ROOT } from "./layout.ts";
import { workspaceBundle } from "./plugin.ts";

/**
 * How our programs are bundled, in one place (the build and its tests use it): ESM for Node 22,
 * our `@flotilla/*` sources bundled, third-party packages left to node_modules (plugin.ts),
 * dynamic imports split into chunks that load only when reached, linked source maps with the
 * sources inside, read when a stack trace needs them so it names the `.ts` file and line.
 */
export function bundleOptions(entryPoints: Record<string, string>, outdir: string) {
  return {
    absWorkingDir: ROOT,
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node22",
    // Node's own choice among a package's files: no `module` field or condition.
    mainFields: ["main"],
    conditions: [],
    // Flat, beside the entries: the plugin writes imports relative to this one folder.
    chunkNames: "[name]-[hash]",
    sourcemap: "linked",
    sourcesContent: true,
    metafile: true,
    write: false,
    logLevel: "silent",
    plugins: [workspaceBundle(outdir)],
    inject: [join(ROOT, "packages/cli/src/build/stack-traces.ts")],
  } satisfies BuildOptions;
}
