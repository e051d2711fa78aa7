import { existsSync } from "node:fs";
import { join } from "node:path";
import { toSource, type IngestContext } from "./context.ts";
import { removeSource } from "./remove.ts";
import { emptyReport, type FileReport } from "./report.ts";

function under(prefix: string, source: string): boolean {
  return prefix === "" || source === prefix || source.startsWith(`${prefix}/`);
}

/**
 * After walking `dirs`, removes the points of sources below them that should no longer be
 * there: files gone from disk (deleted while nobody watched), links no longer followed
 * (`refused`), and files whose rule now sends them to another collection or skips them.
 * Files present but not walked (inside node_modules, say, ingested by name) are left alone.
 */
export async function pruneGone(
  ctx: IngestContext,
  dirs: string[],
  walked: string[],
  refused: string[] = [],
): Promise<FileReport[]> {
  if (dirs.length === 0) return [];
  const prefixes = dirs.flatMap((d) => toSource(ctx.root, d) ?? []);
  const routedTo = new Map<string, string | undefined>();
  for (const file of walked) {
    const source = toSource(ctx.root, file);
    if (source === undefined) continue;
    const route = ctx.router.route(source);
    routedTo.set(source, "skip" in route ? undefined : route.collection);
  }
  for (const link of refused) {
    const source = toSource(ctx.root, link);
    if (source !== undefined) routedTo.set(source, undefined);
  }
  const reports: FileReport[] = [];
  for (const collection of ctx.router.collections) {
    try {
      for (const source of await ctx.store.sources(collection)) {
        if (!prefixes.some((p) => under(p, source))) continue;
        const stays = routedTo.has(source) ? routedTo.get(source) === collection : existsSync(join(ctx.root, source));
        if (stays) continue;
        const deleted = await removeSource(ctx.store, collection, source);
        reports.push({ ...emptyReport(join(ctx.root, source), source), status: "removed", collection, deleted });
      }
    } catch (error) {
      reports.push({
        ...emptyReport(ctx.root, "(prune)"),
        status: "error",
        collection,
        error: `pruning ${collection}: ${(error as Error).message}`,
      });
    }
  }
  return reports;
}
