import { existsSync } from "node:fs";
import { basename, resolve } from "node:path";
import { watch } from "chokidar";
import { createContext, toSource, type IngestContext, type IngestOptions } from "./context.ts";
import { ingestWith } from "./ingest.ts";
import { removeSource } from "./remove.ts";
import { emptyReport, type FileReport, type IngestResult } from "./report.ts";
import type { IngestStore } from "./store.ts";
import { isSkippedName } from "./walk.ts";

export interface WatchEvent {
  /** `initial`: the catch-up ingest at start; otherwise what the file system said last. */
  trigger: "initial" | "add" | "change" | "unlink";
  report: FileReport;
}

export interface WatchOptions extends Omit<IngestOptions, "onFile"> {
  /** Quiet time after a file's last event before it is re-read; default 300 ms. */
  debounceMs?: number;
  onEvent?: (event: WatchEvent) => void;
  /** Watcher or Qdrant failures outside any one file's report; default: logged. */
  onError?: (error: unknown) => void;
}

export interface Watcher {
  /** Settles once watching has started and the catch-up ingest of every path is done. */
  ready: Promise<IngestResult>;
  close(): Promise<void>;
}

async function removeFile(ctx: IngestContext, path: string): Promise<FileReport> {
  const source = toSource(ctx.root, path) ?? path;
  const report = emptyReport(path, source);
  const route = ctx.router.route(source);
  if ("skip" in route) return { ...report, status: "skipped", reason: route.skip };
  try {
    const deleted = await removeSource(ctx.store, route.collection, source);
    return { ...report, status: "removed", collection: route.collection, deleted };
  } catch (error) {
    return { ...report, status: "error", collection: route.collection, error: (error as Error).message };
  }
}

/**
 * Keeps Qdrant current with files while they change: first ingests every path (pruning what
 * was deleted meanwhile), then re-ingests a file after its events settle for `debounceMs` and
 * removes the points of a deleted one. Work runs one file at a time, in event order.
 *
 * @example
 * const w = watchPaths(store, ["docs"], { onEvent: ({ report }) => log.info(report) });
 * await w.ready;
 * // ... later
 * await w.close();
 */
export function watchPaths(store: IngestStore, paths: string[], opts: WatchOptions = {}): Watcher {
  const ctx = createContext(store, opts, paths);
  const debounceMs = opts.debounceMs ?? 300;
  const onError = opts.onError ?? ((error: unknown) => ctx.logger?.error({ err: error }, "ingest watcher failed"));
  const roots = new Set(ctx.roots);
  const timers = new Map<string, NodeJS.Timeout>();
  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(onError);
    return next;
  };

  const watcher = watch([...roots], {
    ignoreInitial: true,
    // Links are reported as themselves; ingestion decides whether to follow them (only within the roots).
    followSymlinks: false,
    // Dot-entries and node_modules below a watched path; the paths given are always watched.
    ignored: (path: string) => !roots.has(resolve(path)) && isSkippedName(basename(path)),
  });

  // The file's state when the timer fires decides, so an atomic save (unlink + add) re-ingests.
  function settle(path: string, trigger: WatchEvent["trigger"]): void {
    clearTimeout(timers.get(path));
    const timer = setTimeout(() => {
      timers.delete(path);
      void enqueue(async () => {
        if (existsSync(path))
          await ingestWith(ctx, [path], { prune: false, onFile: (report) => opts.onEvent?.({ trigger, report }) });
        else opts.onEvent?.({ trigger, report: await removeFile(ctx, path) });
      });
    }, debounceMs);
    timers.set(path, timer);
  }
  for (const trigger of ["add", "change", "unlink"] as const)
    watcher.on(trigger, (path: string) => settle(resolve(path), trigger));
  watcher.on("error", onError);

  const ready = new Promise<void>((resolveReady) => watcher.once("ready", resolveReady)).then(() =>
    enqueue(() =>
      ingestWith(ctx, [...roots], {
        prune: opts.prune,
        onFile: (report) => opts.onEvent?.({ trigger: "initial", report }),
      }),
    ),
  );
  return {
    ready,
    async close() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await watcher.close();
      await queue;
    },
  };
}
