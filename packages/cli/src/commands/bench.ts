import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startNatsServer, startQdrant } from "@flotilla/infra";
import { connectBus } from "@flotilla/bus";
import { createKnowledgeStore } from "@flotilla/knowledge";
import { createLogger } from "@flotilla/log";
import { startLocalFleet } from "../local-fleet.ts";
import { TEAMS } from "../paths.ts";
import { latencyBound, overhead, rss, throughput } from "../bench/phases.ts";
import { benchDashboard } from "../bench/dashboard.ts";
import { benchSandbox } from "../bench/sandbox.ts";
import { benchStartup } from "../bench/startup.ts";
import { benchInstances } from "../bench/instances.ts";
import { note, out } from "../say.ts";
import { IO_PROFILE_ENV } from "@flotilla/team-runtime";
import { bareLine, latencyLine, loadNow, outsideLine, overheadLine, profileLines } from "../bench/io-report.ts";

export interface BenchFlags {
  tasks?: string;
  latency?: string;
  concurrent?: string;
  /** Run the dashboard beside the fleet, with one live page open. */
  dashboard?: boolean;
  adapters?: boolean;
  /** Start-up runs (teams stopped → healthy); 0 skips them. */
  startup?: string;
  /** Instance counts of the instances table, e.g. "1,2,3"; "0" skips it. */
  instances?: string;
}

/**
 * `flotilla bench`: prints figures, asserts nothing. Runs on its own nats-server and Qdrant
 * (fresh, on free ports) so it neither depends on nor pollutes the user's data.
 */
export async function runBench(opts: BenchFlags): Promise<number> {
  const tasks = Number(opts.tasks ?? 10);
  const latency = Number(opts.latency ?? 100);
  const concurrent = Number(opts.concurrent ?? 20);
  const dir = mkdtempSync(join(tmpdir(), "flotilla-bench-"));
  const nats = await startNatsServer({ dataDir: join(dir, "nats") });
  const qdrant = await startQdrant({ dataDir: join(dir, "qdrant") });
  const logger = createLogger({ name: "flotilla.bench", level: "warn", file: join(dir, "bench.log") });
  const bus = await connectBus({ url: nats.url, team: "cli", instanceId: "bench", logger });
  await bus.provision();
  const knowledge = createKnowledgeStore({ url: qdrant.url, logger });
  const env = {
    ...process.env,
    NATS_URL: nats.url,
    QDRANT_URL: qdrant.url,
    FLOTILLA_WORKSPACE: join(dir, "workspace"),
    TEAM_HEALTH_INTERVAL_MS: "1000",
    LOG_LEVEL: "warn",
    // Every team counts each task's round trips and times its git and sandbox work (bench/counters.ts).
    [IO_PROFILE_ENV]: join(dir, "io-profile"),
  };
  // With --dashboard, the dashboard watches the whole run: compare with a run without it.
  const dashboard = opts.dashboard ? await benchDashboard(env, dir) : undefined;
  try {
    note(
      `simulated provider, zero latency: ${tasks} sequential tasks counted, ${tasks} timed (each followed by ` +
        `the bare client), then ${concurrent} concurrent`,
    );
    let fleet = await startLocalFleet(bus, { ...env, SIMULATED_LATENCY_MS: "0" }, "bench");
    // Idle: started, a health report or two later, before any task.
    await new Promise((r) => setTimeout(r, 2_500));
    const idle = await rss(bus, TEAMS);
    const loadBefore = loadNow();
    const o = await overhead(bus, knowledge, tasks, env[IO_PROFILE_ENV]);
    const t = await throughput(bus, concurrent);
    await new Promise((r) => setTimeout(r, 1_200));
    const mem = await rss(bus, TEAMS);
    await fleet.stop();
    note(`simulated provider, ${latency} ms per call: a warm-up task, then 5 sequential tasks`);
    fleet = await startLocalFleet(bus, { ...env, SIMULATED_LATENCY_MS: String(latency) }, "bench-latency");
    const l = await latencyBound(bus, latency, 5, env[IO_PROFILE_ENV]);
    await fleet.stop();

    out("Flotilla benchmark (simulated provider — no real model calls)");
    out(
      dashboard
        ? `dashboard: on at ${dashboard.url}, one live task list open (${dashboard.fetched()} rows re-fetched)`
        : "dashboard: off (--dashboard runs it beside the fleet)",
    );
    out(`machine: ${loadBefore} before the tasks, ${loadNow()} after the latency phase`);
    for (const line of [...profileLines(o.profile), outsideLine(o.outside), bareLine(o.profile, o.did)]) out(line);
    out(overheadLine(o, tasks));
    out(latencyLine(l, latency));
    out(
      `throughput: ${t.tasks} concurrent tasks in ${t.seconds.toFixed(1)} s → ${(t.tasks / t.seconds).toFixed(2)} tasks/s`,
    );
    const mbs = (rows: typeof mem) => rows.map((m) => `${m.team} ${m.mb.toFixed(0)} MB`).join(", ");
    out(`team RSS idle: ${mbs(idle)}`);
    out(`team RSS after the concurrent phase: ${mbs(mem)}`);
    const zero = { ...env, SIMULATED_LATENCY_MS: "0" };
    const startupRuns = Number(opts.startup ?? 3);
    if (startupRuns > 0) await benchStartup(bus, zero, startupRuns);
    const counts = (opts.instances ?? "1,2,3")
      .split(",")
      .map(Number)
      .filter((k) => k > 0);
    if (counts.length)
      await benchInstances(bus, zero, {
        counts,
        concurrent,
        natsPid: nats.pid,
        qdrantPid: qdrant.pid,
        profileDir: env[IO_PROFILE_ENV],
      });
    // What every validation and test run pays before the command starts.
    await benchSandbox();
    return 0;
  } finally {
    await dashboard?.stop();
    await bus.close();
    await qdrant.stop();
    await nats.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
