import { connect } from "node:net";
import { isAlive } from "@flotilla/infra";
import { loadConfig } from "@flotilla/config";
import { stoppedSince, type TeamHealth, type TeamStatus } from "@flotilla/contracts";
import { cliBus } from "../connect.ts";
import { recentHealth, recentStops } from "../health-reports.ts";
import { TEAMS, natsUrl, qdrantApiKey, qdrantUrl } from "../paths.ts";
import { readPids, runsProgram } from "../pidfiles.ts";
import { out } from "../say.ts";

/** `flotilla status`: recorded processes, then whether NATS and Qdrant answer. */
export async function runStatus(): Promise<number> {
  const recorded = readPids().sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }));
  if (recorded.length === 0) out("processes: none recorded in .flotilla/run");
  for (const r of recorded) {
    const state = !isAlive(r.pid)
      ? "not running (stale pid file)"
      : runsProgram(r.pid, r.name)
        ? "running"
        : "pid reused by another program";
    out(
      `${r.name.padEnd(14)} pid ${String(r.pid).padEnd(8)} ${state}${r.instanceId ? `, instance ${r.instanceId}` : ""}`,
    );
  }
  const nats = await natsVersion(natsUrl());
  out(`NATS   ${natsUrl()}: ${nats ? `answers (nats-server ${nats})` : "does not answer"}`);
  const qdrant = await qdrantVersion(qdrantUrl());
  out(`Qdrant ${qdrantUrl()}: ${qdrant ? `answers (qdrant ${qdrant})` : "does not answer"}`);
  await printTeamHealth(!!nats);
  return 0;
}

/**
 * Each instance's latest health report on team.<team>.health (up, bench, Docker alike): every
 * instance that reported within 3 health intervals, named as its pid file when `up` started it,
 * and `stopped` when it said so on team.<team>.status after its last report; else the team's
 * last report, marked stale.
 */
export async function printTeamHealth(natsAnswers: boolean): Promise<void> {
  if (!natsAnswers) return;
  const bus = await cliBus().catch(() => undefined);
  if (!bus) return;
  const interval = loadConfig().TEAM_HEALTH_INTERVAL_MS;
  const names = new Map(readPids().flatMap((r) => (r.instanceId ? [[r.instanceId, r.name] as const] : [])));
  for (const team of TEAMS) {
    const last = await bus.lastMessage<TeamHealth>(`team.${team}.health`).catch(() => null);
    // Only a team with a recent report has instances worth reading the stream for.
    const fresh = last && Date.now() - Date.parse(last.timestamp) <= 3 * interval;
    const [reports, stops] = fresh
      ? await Promise.all([
          recentHealth(bus, team, 3 * interval).catch(() => [last]),
          recentStops(bus, team, 3 * interval).catch(() => new Map<string, TeamStatus>()),
        ])
      : [[last], new Map<string, TeamStatus>()];
    const named = (h: TeamHealth | null) => (h && names.get(h.instance_id)) ?? team;
    reports.sort((a, b) => named(a).localeCompare(named(b), "en", { numeric: true }));
    for (const h of reports) {
      if (!h) {
        out(`${team.padEnd(14)} health: never reported`);
        continue;
      }
      const age = secondsSince(h.timestamp);
      const said = stops.get(h.instance_id);
      const state =
        said && stoppedSince(h, said)
          ? `stopped (${secondsSince(said.timestamp)}s ago)`
          : age * 1000 > 3 * interval
            ? `stale (last report ${age}s ago)`
            : `${h.status} (${age}s ago)`;
      out(
        `${named(h).padEnd(14)} health: ${state}, instance ${h.instance_id}, ` +
          `${h.metrics.handled} handled, ${h.metrics.active_tasks} active, ${Math.round(h.metrics.rss_bytes / 1e6)} MB` +
          `${h.simulated ? ", SIMULATED provider" : ""}`,
      );
    }
  }
  await bus.close();
}

const secondsSince = (iso: string) => Math.round((Date.now() - Date.parse(iso)) / 1000);

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
