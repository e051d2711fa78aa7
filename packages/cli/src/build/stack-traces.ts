/**
 * Injected first into every built program (options.ts): stack traces name the `.ts` file and
 * line, as `node --enable-source-maps` would. That flag reads and parses the source map of every
 * module as it loads and holds them for the life of the process (about 4 MB a team); here a
 * map is read the first time a trace passes through its file, with Node's own parser.
 */
import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const maps = new Map<string, SourceMap | null>();

function mapOf(file: string): SourceMap | null {
  let map = maps.get(file);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8")));
    } catch {
      map = null; // not one of ours, or its map is gone: the trace keeps the built position
    }
    maps.set(file, map);
  }
  return map;
}

/** `at fn (…/chunk-X.js:12:9)` → `at fn (…/packages/x/src/y.ts:40:5)`, when the map knows the place. */
function frameText(frame: NodeJS.CallSite): string {
  const text = frame.toString();
  const name = frame.getFileName();
  const line = frame.getLineNumber();
  const column = frame.getColumnNumber();
  if (!name || line === null || column === null || !name.endsWith(".js")) return text;
  const file = name.startsWith("file:") ? fileURLToPath(name) : name;
  const entry = mapOf(file)?.findEntry(line - 1, column - 1);
  if (!entry || !("originalSource" in entry)) return text;
  const source = fileURLToPath(new URL(entry.originalSource, pathToFileURL(file)));
  return text.replace(`${name}:${line}:${column}`, `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`);
}

function heading(error: unknown): string {
  try {
    return Error.prototype.toString.call(error);
  } catch {
    return "Error";
  }
}

Error.prepareStackTrace = (error, frames) =>
  [heading(error), ...frames.map((f) => `    at ${frameText(f)}`)].join("\n");
