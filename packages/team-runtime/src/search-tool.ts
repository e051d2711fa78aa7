import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { cutText, KNOWLEDGE_COLLECTIONS } from "@flotilla/contracts";
import { statusOf } from "@flotilla/errors";
import type { KnowledgeStore } from "@flotilla/knowledge";
import type { TeamContext } from "./types.ts";
import { searchCollections } from "./collections-search.ts";
import { structured, toolError } from "./mcp-results.ts";

export const Hit = z.object({
  collection: z.string(),
  id: z.string(),
  score: z.number(),
  source: z.string().optional(),
  heading_path: z.array(z.string()).optional(),
  text: z.string(),
});
export type Hit = z.infer<typeof Hit>;

const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : undefined);

/**
 * Ranked chunks for a query, across the knowledge collections or in one; interleaved by rank.
 * A missing collection has nothing to find. One that fails otherwise is skipped, unless it was
 * the one asked for or every one failed (Qdrant down): then the search fails rather than look
 * like it found nothing.
 */
export async function searchKnowledge(
  knowledge: KnowledgeStore,
  query: string,
  opts: { collection?: string; limit: number; filter?: Record<string, string | string[]> },
): Promise<Hit[]> {
  const collections = opts.collection ? [opts.collection] : KNOWLEDGE_COLLECTIONS;
  const failures: unknown[] = [];
  let missing = 0;
  const hits = await searchCollections(knowledge, query, {
    collections,
    perCollection: opts.limit,
    total: opts.limit,
    filter: opts.filter,
    onError: (_collection, err) => {
      if (statusOf(err) === 404 && !opts.collection) missing++;
      else failures.push(err);
    },
  });
  if (failures.length && failures.length + missing === collections.length) throw failures[0];
  return hits.map((h): Hit => ({
    collection: h.collection,
    id: h.id,
    score: h.score,
    source: typeof h.payload.source === "string" ? h.payload.source : undefined,
    heading_path: strings(h.payload.heading_path),
    text: typeof h.payload.text === "string" ? cutText(h.payload.text, 2_000) : "",
  }));
}

/** Read-only search_context, on every team's MCP server. */
export function registerSearchTool(server: McpServer, ctx: TeamContext): void {
  server.registerTool(
    "search_context",
    {
      title: "Search the knowledge base",
      description:
        "Ranked chunks from Qdrant (design principles, coding standards, docs, JSON documents, lessons, past plans) " +
        `with their source file and heading path. Collections: ${KNOWLEDGE_COLLECTIONS.join(", ")}.`,
      inputSchema: {
        query: z.string().min(1),
        collection: z.string().optional().describe("one collection; all knowledge collections when omitted"),
        limit: z.number().int().min(1).max(50).default(8),
        source: z.string().optional().describe("only chunks of this source file"),
        team: z.string().optional().describe("only records of this team (votes, ratings, plans)"),
        tags: z.array(z.string()).optional().describe("only chunks carrying any of these tags"),
      },
      outputSchema: { results: z.array(Hit) },
      annotations: { readOnlyHint: true },
    },
    async ({ query, collection, limit, source, team, tags }) => {
      try {
        const filter = { ...(source ? { source } : {}), ...(team ? { team } : {}), ...(tags?.length ? { tags } : {}) };
        const results = await searchKnowledge(ctx.knowledge, query, {
          collection,
          limit,
          filter: Object.keys(filter).length ? filter : undefined,
        });
        const text = results
          .map((r, i) => {
            const heading = r.heading_path?.length ? ` › ${r.heading_path.join(" › ")}` : "";
            const excerpt = cutText(r.text, 200).replace(/\s+/g, " ");
            return `${i + 1}. [${r.score.toFixed(3)}] ${r.collection} · ${r.source ?? "?"}${heading}\n   ${excerpt}`;
          })
          .join("\n");
        return structured({ results }, text || "no matching chunks");
      } catch (err) {
        return toolError(`search failed: ${(err as Error).message}`);
      }
    },
  );
}
