import { searchKnowledge } from "@flotilla/team-runtime";
import { explainUnreachable } from "../infra-commands.ts";
import { cliReadOnlyKnowledge } from "../connect.ts";
import { out } from "../say.ts";

/**
 * `flotilla search "QUERY" [--collection C] [--json]`: ranked chunks with source file, heading
 * path and score. Starts NATS and Qdrant first when nothing answers, as `up` would.
 */
export async function runSearch(
  query: string,
  opts: { collection?: string; limit?: string; json?: boolean; source?: string; team?: string; tag?: string[] },
): Promise<number> {
  const knowledge = await cliReadOnlyKnowledge({ embed: true });
  const filter = {
    ...(opts.source ? { source: opts.source } : {}),
    ...(opts.team ? { team: opts.team } : {}),
    ...(opts.tag?.length ? { tags: opts.tag } : {}),
  };
  const results = await searchKnowledge(knowledge, query, {
    collection: opts.collection,
    limit: Number(opts.limit ?? 10),
    filter: Object.keys(filter).length ? filter : undefined,
  }).catch((err: unknown) => explainUnreachable("Qdrant", err));
  if (opts.json) {
    out(JSON.stringify(results, null, 2));
    return 0;
  }
  if (!results.length) out("no matching chunks");
  results.forEach((r, i) => {
    const heading = r.heading_path?.length ? ` › ${r.heading_path.join(" › ")}` : "";
    out(`${String(i + 1).padStart(2)}. ${r.score.toFixed(3)}  ${r.collection}  ${r.source ?? "?"}${heading}`);
    out(`     ${r.text.slice(0, 240).replace(/\s+/g, " ")}`);
  });
  return 0;
}
