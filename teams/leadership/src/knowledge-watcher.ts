import type { ServiceStarter } from "@flotilla/team-runtime";

/**
 * Keeps the folders in FLOTILLA_KNOWLEDGE_DIRS ingested while the fleet runs: a changed file is
 * re-indexed within seconds, a deleted one removed, an unchanged one costs no writes. The ingest
 * code (file watching, Markdown and JSON parsing) is loaded only when there are folders to watch.
 */
export const knowledgeWatcher: ServiceStarter = async (ctx) => {
  const dirs = ctx.config.FLOTILLA_KNOWLEDGE_DIRS;
  if (!dirs.length) return undefined;
  const [{ rootFor, watchPaths }, { ingestStoreOf }] = await Promise.all([
    import("@flotilla/ingest"),
    import("./ingest-store.ts"),
  ]);
  const watcher = watchPaths(ingestStoreOf(ctx), dirs, {
    logger: ctx.logger,
    root: rootFor(dirs),
    onEvent: (e) =>
      ctx.logger.info(
        { trigger: e.trigger, source: e.report.source, status: e.report.status, error: e.report.error },
        "knowledge watcher",
      ),
  });
  void watcher.ready.then((r) => ctx.logger.info({ totals: r.totals, dirs }, "knowledge folders ingested; watching"));
  return { stop: () => watcher.close() };
};
