import { createIngestStore, rootFor, watchPaths, type IngestStore } from "@flotilla/ingest";
import type { ServiceStarter, TeamContext } from "@flotilla/team-runtime";

/** The ingest store over the team's knowledge store (so an embedder, when configured, is shared). */
export function ingestStoreOf(ctx: TeamContext): IngestStore {
  return createIngestStore({
    url: ctx.config.QDRANT_URL,
    apiKey: ctx.config.QDRANT_API_KEY || undefined,
    logger: ctx.logger,
    knowledge: ctx.knowledge,
  });
}

/**
 * Keeps the folders in FLOTILLA_KNOWLEDGE_DIRS ingested while the fleet runs: a changed file is
 * re-indexed within seconds, a deleted one removed, an unchanged one costs no writes.
 */
export const knowledgeWatcher: ServiceStarter = async (ctx) => {
  const dirs = ctx.config.FLOTILLA_KNOWLEDGE_DIRS;
  if (!dirs.length) return undefined;
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
