import { createIngestStore, type IngestStore } from "@flotilla/ingest";
import type { TeamContext } from "@flotilla/team-runtime";

/** The ingest store over the team's knowledge store (so an embedder, when configured, is shared). */
export function ingestStoreOf(ctx: TeamContext): IngestStore {
  return createIngestStore({
    url: ctx.config.QDRANT_URL,
    apiKey: ctx.config.QDRANT_API_KEY || undefined,
    logger: ctx.logger,
    knowledge: ctx.knowledge,
  });
}
