import { isAbsolute, relative, resolve, sep } from "node:path";
import type { Logger } from "@flotilla/log";
import type { FileReport } from "./report.ts";
import { DEFAULT_MAX_FILE_BYTES } from "./read.ts";
import { createRouter, type IngestRule, type Router } from "./rules.ts";
import type { IngestStore } from "./store.ts";

export interface IngestOptions {
  /** Tried before DEFAULT_RULES; when omitted, those in FLOTILLA_INGEST_RULES (if set). */
  rules?: IngestRule[];
  /** Sources are stored relative to this folder, and relative paths resolved against it; default: cwd. */
  root?: string;
  /** Larger files are refused unread; default 10 MiB. */
  maxFileBytes?: number;
  /** Called after each file, in order. */
  onFile?: (report: FileReport) => void;
  /** For folder arguments, remove points of files below them that are gone; default true. */
  prune?: boolean;
  logger?: Logger;
}

/** What one ingest run (or one watcher, across its events) shares. */
export interface IngestContext {
  store: IngestStore;
  root: string;
  /** The paths ingestion was given (absolute): nothing outside them is read, whatever links say. */
  roots: string[];
  router: Router;
  maxFileBytes: number;
  logger: Logger | undefined;
  /** Creates a collection once per context. */
  ensure(collection: string): Promise<void>;
}

export function createContext(store: IngestStore, opts: IngestOptions, paths: string[]): IngestContext {
  const ensured = new Map<string, Promise<void>>();
  const root = resolve(opts.root ?? process.cwd());
  return {
    store,
    root,
    roots: paths.map((p) => resolve(root, p)),
    router: createRouter(opts.rules),
    maxFileBytes: opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    logger: opts.logger,
    ensure(collection) {
      let done = ensured.get(collection);
      if (!done) {
        done = store.ensureCollections([collection]);
        // A failure is retried by the next file rather than remembered.
        done.catch(() => ensured.delete(collection));
        ensured.set(collection, done);
      }
      return done;
    },
  };
}

/** Root-relative path with forward slashes; undefined when `path` is outside the root. */
export function toSource(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  if (rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel.split(sep).join("/");
}
