import { readFile } from "node:fs/promises";
import { isBuiltin } from "node:module";
import { relative, sep } from "node:path";
import type { Plugin } from "esbuild";

// Our own packages are bundled; everything else stays a separate module loaded from node_modules.
const WORKSPACE = /^@flotilla\//;
const IMPORT_META = /\bimport\.meta\.(dirname|filename|url)\b/g;
const SKIP = "flotilla-resolved";
// Spelled in pieces: this file is bundled too, and its own rewrite must not reach into its templates.
const META_URL = ["import", "meta", "url"].join(".");
const HELPERS = {
  file: "__flotillaFileURLToPath",
  dir: "__flotillaDirname",
  imports:
    'import { fileURLToPath as __flotillaFileURLToPath } from "node:url"; ' +
    'import { dirname as __flotillaDirname } from "node:path";',
};

/** A path as an import specifier from the output folder: `./x` or `../x`, always with `/`. */
function specifier(outdir: string, file: string): string {
  const rel = relative(outdir, file).split(sep).join("/");
  return rel.startsWith(".") ? rel : `./${rel}`;
}

/**
 * Two things a bundle in `.flotilla/build/` needs that a bundler does not do by itself:
 *
 * - Third-party imports are resolved now, from the importing package, and written as paths to
 *   the very file. pnpm gives each package only its own dependencies, so the bare name `openai`
 *   would not resolve from `.flotilla/build/`.
 * - `import.meta.dirname`, `.filename` and `.url` keep naming the source file, so code that
 *   finds files next to itself (the repo root, the dashboard's client folder) works unchanged.
 */
export function workspaceBundle(outdir: string): Plugin {
  return {
    name: "flotilla-workspace",
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === SKIP || WORKSPACE.test(args.path)) return undefined;
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        const found = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: SKIP,
        });
        if (found.errors.length > 0) return { errors: found.errors };
        return { path: specifier(outdir, found.path), external: true };
      });
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        const source = await readFile(args.path, "utf8");
        if (!source.includes("import.meta.")) return { contents: source, loader: "ts" };
        // Relative to the output file, so the build keeps working when the clone moves.
        const url = `new URL(${JSON.stringify(specifier(outdir, args.path))}, ${META_URL})`;
        const file = `${HELPERS.file}(${url})`;
        const replaced = source.replace(IMPORT_META, (_, field: string) =>
          field === "url" ? `${url}.href` : field === "filename" ? file : `${HELPERS.dir}(${file})`,
        );
        // Imports are hoisted: appended at the end, they leave every line where the source map expects it.
        return { contents: `${replaced}\n${HELPERS.imports}\n`, loader: "ts" };
      });
    },
  };
}
