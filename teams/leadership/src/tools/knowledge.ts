import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ingestPaths, outsideOf, rootFor, type IngestStore } from "@flotilla/ingest";
import { INGESTED_COLLECTIONS } from "@flotilla/contracts";
import { structured, toolError, type TeamContext } from "@flotilla/team-runtime";

const FileLine = z.object({
  source: z.string(),
  status: z.string(),
  collection: z.string().optional(),
  chunks: z.number(),
  upserted: z.number(),
  deleted: z.number(),
  error: z.string().optional(),
  reason: z.string().optional(),
});

/** Why `paths` may not be ingested by a tool caller, or undefined: only FLOTILLA_KNOWLEDGE_DIRS may be read. */
async function refusal(paths: string[], dirs: readonly string[]): Promise<string | undefined> {
  if (!dirs.length)
    return (
      "ingest refused: FLOTILLA_KNOWLEDGE_DIRS is empty, so this tool may ingest nothing " +
      "(set it to the comma-separated folders ingest may read)"
    );
  const outside = await outsideOf(paths, [...dirs]);
  if (!outside.length) return undefined;
  return (
    `ingest refused: ${outside.join(", ")} ${outside.length === 1 ? "is" : "are"} not under FLOTILLA_KNOWLEDGE_DIRS ` +
    `(${dirs.join(", ")}; links are resolved first)`
  );
}

/** Leadership's knowledge tools: ingest files into Qdrant, list what is there. */
export function registerKnowledgeTools(server: McpServer, ctx: TeamContext, store: IngestStore): void {
  server.registerTool(
    "ingest",
    {
      title: "Ingest documents",
      description:
        "Indexes markdown and JSON files or folders (paths on the fleet's machine, under FLOTILLA_KNOWLEDGE_DIRS) " +
        "into the knowledge collections their rules name. Only changed chunks are written; a failing file is " +
        "reported and the others go on; links out of the paths given are not followed.",
      inputSchema: { paths: z.array(z.string().min(1).max(4_096)).min(1).max(100) },
      outputSchema: { totals: z.record(z.string(), z.number()), files: z.array(FileLine) },
    },
    async ({ paths }, extra) => {
      try {
        const refused = await refusal(paths, ctx.config.FLOTILLA_KNOWLEDGE_DIRS);
        if (refused) return toolError(refused);
        let n = 0;
        const token = extra._meta?.progressToken;
        const result = await ingestPaths(store, paths, {
          logger: ctx.logger,
          root: rootFor(paths),
          onFile: (r) => {
            if (token !== undefined)
              void extra
                .sendNotification({
                  method: "notifications/progress",
                  params: { progressToken: token, progress: ++n, message: `${r.status} ${r.source}` },
                })
                .catch(() => {});
          },
        });
        const files = result.files.map((f) => ({
          source: f.source,
          status: f.status,
          collection: f.collection,
          chunks: f.chunks,
          upserted: f.upserted,
          deleted: f.deleted,
          error: f.error,
          reason: f.reason,
        }));
        const t = result.totals;
        return structured(
          { totals: { ...t }, files },
          [
            `${t.files} files: ${t.upserted} chunks written, ${t.deleted} removed, ${t.unchanged} unchanged, ${t.errors} errors`,
            ...files.filter((f) => f.error).map((f) => `  error ${f.source}: ${f.error}`),
            ...files.filter((f) => f.status === "skipped").map((f) => `  skipped ${f.source}: ${f.reason}`),
          ].join("\n"),
        );
      } catch (err) {
        return toolError(`ingest failed: ${(err as Error).message}`);
      }
    },
  );

  server.registerTool(
    "list_sources",
    {
      title: "List knowledge sources",
      description: `The source files held in each collection ingestion writes (${INGESTED_COLLECTIONS.join(", ")}), or in the one named.`,
      inputSchema: { collection: z.string().optional() },
      outputSchema: { collections: z.array(z.object({ collection: z.string(), sources: z.array(z.string()) })) },
      annotations: { readOnlyHint: true },
    },
    async ({ collection }) => {
      const names = collection ? [collection] : INGESTED_COLLECTIONS;
      const collections = await Promise.all(
        names.map(async (c) => ({ collection: c, sources: [...(await store.sources(c))].sort() })),
      );
      return structured(
        { collections },
        collections.map((c) => `${c.collection}: ${c.sources.length ? c.sources.join(", ") : "(empty)"}`).join("\n"),
      );
    },
  );
}
