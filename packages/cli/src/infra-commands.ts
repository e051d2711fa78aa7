import { ensureInfra } from "@flotilla/infra";
import { DATA_DIR, natsUrl, qdrantApiKey, qdrantUrl } from "./paths.ts";
import { writePid } from "./pidfiles.ts";
import { note } from "./say.ts";

/**
 * Makes NATS and Qdrant answer at the configured addresses. Servers are started detached so
 * they outlive this CLI (other `mcp` instances and teams share them), and each one started here
 * is recorded in .flotilla/run so `down` stops exactly what we started and nothing else.
 */
export async function startInfra(): Promise<string[]> {
  const infra = await ensureInfra({
    natsUrl: natsUrl(),
    qdrantUrl: qdrantUrl(),
    qdrantApiKey: qdrantApiKey(),
    dataDir: DATA_DIR,
    detached: true,
    onStart: (what) => note(`starting ${what}`),
  });
  for (const s of infra.started) writePid(s.name, s.pid);
  return infra.started.map((s) => `${s.name} (pid ${s.pid}) on ${s.url}`);
}

/** Environment every team process gets: the same addresses the CLI just ensured. */
export function teamBaseEnv(): NodeJS.ProcessEnv {
  return { ...process.env, NATS_URL: natsUrl(), QDRANT_URL: qdrantUrl() };
}
