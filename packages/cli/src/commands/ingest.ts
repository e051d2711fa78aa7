import { resolve } from "node:path";
import { loadConfig } from "@flotilla/config";
import { createIngestStore, ingestPaths, rootFor, watchPaths, type FileReport } from "@flotilla/ingest";
import { createKnowledgeStore, embedderFromEnv } from "@flotilla/knowledge";
import { ensureServers, explainUnreachable } from "../infra-commands.ts";
import { cliLogger } from "../connect.ts";
import { note, out } from "../say.ts";

const line = (r: FileReport) =>
  `${r.status.padEnd(9)} ${r.source}${r.collection ? ` → ${r.collection}` : ""}` +
  (r.status === "error"
    ? `: ${r.error}`
    : r.status === "skipped"
      ? ` (${r.reason})`
      : ` (${r.chunks} chunks, ${r.upserted} written, ${r.deleted} removed)`);

/**
 * `flotilla ingest PATH... [--watch]`: indexes markdown and JSON documents into the collections
 * their rules name; only what changed is written. With --watch it keeps them current. Starts
 * NATS and Qdrant first when nothing answers, as `up` would.
 */
export async function runIngest(given: string[], opts: { watch?: boolean; json?: boolean }): Promise<number> {
  // scripts/flotilla runs from the repo root; paths are the person's, relative to where they typed.
  const cwd = process.env.FLOTILLA_CWD || process.cwd();
  const paths = given.map((p) => resolve(cwd, p));
  const root = rootFor(paths, cwd);
  // After the servers: starting them gives this process the Qdrant keys (.flotilla/credentials).
  await ensureServers();
  const config = loadConfig();
  const logger = cliLogger(config);
  const apiKey = config.QDRANT_API_KEY || undefined;
  const knowledge = createKnowledgeStore({
    url: config.QDRANT_URL,
    apiKey,
    logger,
    embedder: await embedderFromEnv(process.env, { logger }),
  });
  const store = createIngestStore({ url: config.QDRANT_URL, apiKey, logger, knowledge });
  const result = await ingestPaths(store, paths, {
    root,
    logger,
    onFile: opts.json ? undefined : (r) => out(line(r)),
  }).catch((err: unknown) => explainUnreachable("Qdrant", err));
  const t = result.totals;
  if (opts.json) out(JSON.stringify(result, null, 2));
  else
    out(
      `${t.files} files: ${t.chunks} chunks, ${t.upserted} written, ${t.deleted} removed, ${t.unchanged} unchanged, ${t.errors} errors`,
    );
  if (!opts.watch) return t.errors ? 1 : 0;
  // The watcher starts with a catch-up ingest (unchanged files cost no writes), then follows events.
  const watcher = watchPaths(store, paths, {
    root,
    logger,
    onEvent: (e) =>
      e.trigger !== "initial" && out(`${new Date().toISOString()} ${e.trigger.padEnd(6)} ${line(e.report)}`),
  });
  await watcher.ready;
  note(`watching ${paths.join(", ")} — Ctrl-C to stop`);
  await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
  await watcher.close();
  return 0;
}
