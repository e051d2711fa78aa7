import { connect } from "node:net";
import { isAlive } from "@flotilla/infra";
import { natsUrl, qdrantApiKey, qdrantUrl } from "../paths.ts";
import { readPids, runsProgram } from "../pidfiles.ts";
import { out } from "../say.ts";

/** `flotilla status`: recorded processes, then whether NATS and Qdrant answer. */
export async function runStatus(): Promise<number> {
  const recorded = readPids();
  if (recorded.length === 0) out("processes: none recorded in .flotilla/run");
  for (const r of recorded) {
    const state = !isAlive(r.pid) ? "not running (stale pid file)" : runsProgram(r.pid, r.name) ? "running" : "pid reused by another program";
    out(`${r.name.padEnd(14)} pid ${String(r.pid).padEnd(8)} ${state}`);
  }
  const nats = await natsVersion(natsUrl());
  out(`NATS   ${natsUrl()}: ${nats ? `answers (nats-server ${nats})` : "does not answer"}`);
  const qdrant = await qdrantVersion(qdrantUrl());
  out(`Qdrant ${qdrantUrl()}: ${qdrant ? `answers (qdrant ${qdrant})` : "does not answer"}`);
  await printTeamHealth();
  return 0;
}

/**
 * Hook for team health over NATS (heartbeats / health requests per team). The lead engineer
 * replaces this placeholder once the bus and team runtime exist; until then it prints nothing.
 */
export async function printTeamHealth(): Promise<void> {}

/** Version from the INFO line a NATS server sends first on every connection, or undefined. */
function natsVersion(url: string): Promise<string | undefined> {
  const u = new URL(url.replace(/^nats:/, "http:"));
  return new Promise((resolve) => {
    const sock = connect({ host: u.hostname, port: Number(u.port || 4222) });
    let buf = "";
    const done = (v: string | undefined) => {
      sock.destroy();
      resolve(v);
    };
    sock.setTimeout(1_000, () => done(undefined));
    sock.once("error", () => done(undefined));
    sock.on("data", (d) => {
      buf += d.toString("utf8");
      const m = /^INFO (\{.*\}) *\r?\n/.exec(buf);
      if (m?.[1]) done((JSON.parse(m[1]) as { version?: string }).version ?? "?");
    });
  });
}

async function qdrantVersion(url: string): Promise<string | undefined> {
  try {
    const key = qdrantApiKey();
    const res = await fetch(url, { headers: key ? { "api-key": key } : {}, signal: AbortSignal.timeout(2_000) });
    if (!res.ok) return undefined;
    return ((await res.json()) as { version?: string }).version ?? "?";
  } catch {
    return undefined;
  }
}
