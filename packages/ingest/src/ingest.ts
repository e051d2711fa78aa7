import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { createContext, toSource, type IngestContext, type IngestOptions } from "./context.ts";
import { chunkJson } from "./json-doc.ts";
import { confine, realRoots, type Roots } from "./links.ts";
import { chunkMarkdown } from "./markdown.ts";
import { pruneGone } from "./prune.ts";
import { readDocument } from "./read.ts";
import { emptyReport, totalsOf, type FileReport, type IngestResult } from "./report.ts";
import type { IngestStore } from "./store.ts";
import { syncChunks } from "./sync.ts";
import { walkFiles } from "./walk.ts";

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Reads, chunks and syncs one file; every failure ends up in the report, never thrown. */
export async function ingestFile(ctx: IngestContext, path: string, roots: Roots): Promise<FileReport> {
  const source = toSource(ctx.root, path);
  if (source === undefined)
    return { ...emptyReport(path, path), status: "error", error: `outside the ingest root ${ctx.root}` };
  const report = emptyReport(path, source);
  // Checked again right before reading: a file may have been swapped for a link since the walk.
  const target = await confine(path, roots);
  if ("refused" in target) return { ...report, status: "skipped", reason: target.refused };
  const route = ctx.router.route(source);
  if ("skip" in route) return { ...report, status: "skipped", reason: route.skip };
  const { collection } = route;
  try {
    const doc = await readDocument(target.real, ctx.maxFileBytes);
    const chunks = route.kind === "markdown" ? chunkMarkdown(doc.text, source) : chunkJson(doc.text, source);
    await ctx.ensure(collection);
    const synced = await syncChunks(
      ctx.store,
      { collection, source, file_hash: doc.file_hash, tags: route.tags },
      chunks,
    );
    const status = synced.upserted > 0 || synced.deleted > 0 ? "ingested" : "unchanged";
    return { ...report, collection, status, chunks: chunks.length, ...synced };
  } catch (error) {
    return { ...report, collection, status: "error", error: messageOf(error) };
  }
}

/** Files to ingest in order, the folders they came from (for pruning), and what was not read. */
async function expand(ctx: IngestContext, paths: string[], roots: Roots) {
  const files: string[] = [];
  const dirs: string[] = [];
  const refused: string[] = [];
  const reports: FileReport[] = [];
  const report = (path: string, status: "error" | "skipped", why: string) =>
    reports.push({
      ...emptyReport(path, toSource(ctx.root, path) ?? path),
      status,
      ...(status === "error" ? { error: why } : { reason: why }),
    });
  for (const given of paths) {
    const path = resolve(ctx.root, given);
    const target = await confine(path, roots);
    if ("refused" in target) {
      refused.push(path);
      report(path, "skipped", target.refused);
      continue;
    }
    const info = await stat(target.real).catch(() => undefined);
    if (!info) report(path, "error", "not found");
    else if (!info.isDirectory()) files.push(path);
    else {
      // A folder we may not read fails alone, not the whole run.
      const found = await walkFiles(path, roots).catch(
        (error: Error) => void report(path, "error", `cannot list folder: ${error.message}`),
      );
      if (found) {
        dirs.push(path);
        files.push(...found.files);
        for (const link of found.refused) {
          refused.push(link.path);
          report(link.path, "skipped", link.reason);
        }
      }
    }
  }
  return { files: [...new Set(files)], dirs, refused, reports };
}

/** ingestPaths over an existing context (the watcher keeps one for its lifetime). */
export async function ingestWith(
  ctx: IngestContext,
  paths: string[],
  opts: Pick<IngestOptions, "onFile" | "prune">,
): Promise<IngestResult> {
  const reports: FileReport[] = [];
  const emit = (r: FileReport) => {
    reports.push(r);
    ctx.logger?.debug({ ingest: r }, `ingest ${r.status} ${r.source}`);
    opts.onFile?.(r);
  };
  const roots = await realRoots(ctx.roots);
  const { files, dirs, refused, reports: early } = await expand(ctx, paths, roots);
  early.forEach(emit);
  for (const file of files) emit(await ingestFile(ctx, file, roots));
  if (opts.prune ?? true) for (const r of await pruneGone(ctx, dirs, files, refused)) emit(r);
  return { files: reports, totals: totalsOf(reports) };
}

/**
 * Ingests files and folders (walked recursively) into the collections their rules name, so
 * that Qdrant holds exactly what the files say: only new or changed chunks are written,
 * chunks no longer produced are deleted, an unchanged file costs one read of Qdrant, and a
 * failing file is reported without stopping the others.
 *
 * @example
 * const { totals } = await ingestPaths(store, ["docs", "out/report.json"], { onFile: (r) => log.info(r) });
 */
export function ingestPaths(store: IngestStore, paths: string[], opts: IngestOptions = {}): Promise<IngestResult> {
  return ingestWith(createContext(store, opts, paths), paths, opts);
}
