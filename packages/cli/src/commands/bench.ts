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
import { note, out } from "../say.ts";

export interface BenchFlags {
  tasks?: string;
  latency?: string;
  concurrent?: string;
  /** Run the dashboard beside the fleet, with one live page open. */
  dashboard?: boolean;
  adapters?: boolean;
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
  };
  // With --dashboard, the dashboard watches the whole run: compare with a run without it.
  const dashboard = opts.dashboard ? await benchDashboard(env, dir) : undefined;
  try {
    note(`simulated provider, zero latency: ${tasks} sequential tasks, then ${concurrent} concurrent`);
    let fleet = await startLocalFleet(bus, { ...env, SIMULATED_LATENCY_MS: "0" }, "bench");
    const o = await overhead(bus, knowledge, tasks);
    const t = await throughput(bus, concurrent);
    await new Promise((r) => setTimeout(r, 1_200));
    const mem = await rss(bus, TEAMS);
    await fleet.stop();
    note(`simulated provider, ${latency} ms per call: 3 sequential tasks`);
    fleet = await startLocalFleet(bus, { ...env, SIMULATED_LATENCY_MS: String(latency) }, "bench-latency");
    const l = await latencyBound(bus, latency, 3);
    await fleet.stop();

    out("Flotilla benchmark (simulated provider — no real model calls)");
    out(
      dashboard
        ? `dashboard: on at ${dashboard.url}, one live task list open (${dashboard.fetched()} rows re-fetched)`
        : "dashboard: off (--dashboard runs it beside the fleet)",
    );
    out(
      `per task I/O: ${o.ops.publishes.toFixed(0)} JetStream publishes, ${o.ops.objectMessages.toFixed(0)} object-store messages, ` +
        `${o.ops.kvPuts.toFixed(0)} KV puts, ${o.ops.upsertCalls} Qdrant upserts (${o.ops.points} points), ` +
        `${o.ops.searches} knowledge searches`,
    );
    out(
      `orchestration, zero latency: fleet ${o.fleetMs.toFixed(0)} ms/task (median of ${tasks}) ` +
        `vs bare client ${o.bareMs.toFixed(0)} ms for the same I/O → ratio ${(o.fleetMs / o.bareMs).toFixed(2)}`,
    );
    out(
      `latency ${latency} ms/call: task wall ${l.wallMs.toFixed(0)} ms ` +
        `vs critical-path model latency ${l.criticalMs.toFixed(0)} ms → ratio ${(l.wallMs / l.criticalMs).toFixed(2)}`,
    );
    out(
      `throughput: ${t.tasks} concurrent tasks in ${t.seconds.toFixed(1)} s → ${(t.tasks / t.seconds).toFixed(2)} tasks/s`,
    );
    out(`team RSS: ${mem.map((m) => `${m.team} ${m.mb.toFixed(0)} MB`).join(", ")}`);
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
