import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { connectBus, type Bus } from "@flotilla/bus";
import { busInternals } from "@flotilla/bus/internals";
import { envelope, TEAMS, type TeamHealth } from "@flotilla/contracts";
import { waitUntil } from "@flotilla/infra";
import { createLogger } from "@flotilla/log";
import { randomUUID } from "node:crypto";
import { chaosServers } from "./servers.ts";
import { crew } from "./teams.ts";

export interface ChaosOptions {
  tasks: number;
  /** Tasks in flight at once. */
  concurrency: number;
  /** Outages, one after the other, once a third of the tasks are submitted. */
  outages: ReadonlyArray<{ server: "NATS" | "Qdrant"; ms: number }>;
  /** SIGKILL a random team every 4-10 s (and start it again). */
  killTeams: boolean;
  print: (line: string) => void;
}

export interface ChaosFigures {
  tasks: number;
  completed: number;
  failed: number;
  lost: number;
  /** Tasks whose outcome was published more than once. */
  duplicates: number;
  kills: number;
  outages: string[];
  /** Tasks not yet ended when each outage began (an outage after the last task proves nothing). */
  inFlightAtOutage: number[];
  seconds: number;
  reasons: string[];
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

/**
 * A fleet on its own servers, N tasks through it while every team is killed with SIGKILL at
 * random moments and restarted, and NATS, then Qdrant, are taken down for `outageMs` each. The
 * figures come from the SYSTEM stream and KV at the end, not from what a subscriber happened to see.
 */
export async function runChaos(opts: ChaosOptions): Promise<ChaosFigures> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), "flotilla-chaos-"));
  const { nats, qdrant, credentials } = await chaosServers(dir);
  const env = {
    ...process.env,
    NATS_URL: nats.url,
    QDRANT_URL: qdrant.url,
    QDRANT_API_KEY: credentials.qdrant.apiKey,
    QDRANT_READ_ONLY_API_KEY: credentials.qdrant.readOnlyApiKey,
    NATS_USER: "",
    NATS_PASSWORD: "",
    FLOTILLA_HOME: dir,
    FLOTILLA_WORKSPACE: join(dir, "workspace"),
    FLOTILLA_PROVIDER: "simulated",
    TEAM_HEALTH_INTERVAL_MS: "1000",
    NATS_ACK_WAIT_MS: "5000",
    NATS_RETRY_BASE_MS: "200",
    TASK_STALL_TIMEOUT_MS: "90000",
    LOG_LEVEL: "info",
  };
  const logger = createLogger({ name: "flotilla.chaos", level: "warn", file: join(dir, "chaos.log") });
  const admin = credentials.nats.admin;
  const bus = await connectBus({
    url: nats.url,
    team: "cli",
    instanceId: "chaos",
    logger,
    user: admin.user,
    pass: admin.password,
  });
  await bus.provision();
  const teams = await crew(dir, env);
  const figures: ChaosFigures = {
    tasks: opts.tasks,
    completed: 0,
    failed: 0,
    lost: 0,
    duplicates: 0,
    kills: 0,
    outages: [],
    inFlightAtOutage: [],
    seconds: 0,
    reasons: [],
  };
  try {
    for (const team of TEAMS) teams.start(team);
    await healthy(bus);
    const downs = opts.outages.map((o) => `${o.server} down ${o.ms / 1000} s`).join(", then ");
    opts.print(
      `chaos: ${opts.tasks} tasks, ${opts.concurrency} in flight${opts.killTeams ? "; teams killed at random" : ""}` +
        `${downs ? `; ${downs}` : ""}`,
    );

    const ids: string[] = [];
    let stopChaos = false;
    const monkey = (async () => {
      while (opts.killTeams && !stopChaos) {
        await sleep(4_000 + Math.random() * 6_000);
        if (stopChaos) break;
        const team = pick(TEAMS);
        await teams.kill(team);
        figures.kills++;
        await sleep(500 + Math.random() * 1_500);
        teams.start(team);
        opts.print(`  killed ${team} (SIGKILL) and restarted it — ${figures.kills} kills`);
      }
    })();
    const outages = (async () => {
      for (const { server: name, ms } of opts.outages) {
        await poll(async () => ids.length >= Math.ceil(opts.tasks / 3) || stopChaos, 200, 3_600_000);
        if (stopChaos) return;
        const server = name === "NATS" ? nats : qdrant;
        const flying = await inFlight(bus, ids);
        figures.inFlightAtOutage.push(flying);
        opts.print(`  ${name} down for ${ms / 1000} s (${flying} tasks in flight)`);
        await server.down();
        await sleep(ms);
        await server.up();
        figures.outages.push(`${name} ${ms / 1000} s`);
        opts.print(`  ${name} back`);
      }
    })();

    for (let i = 0; i < opts.tasks; i++) {
      await poll(async () => (await inFlight(bus, ids)) < opts.concurrency, 500, 3_600_000);
      ids.push(await submit(bus, `Chaos task ${i + 1}: add a helper number ${i + 1}`));
    }
    opts.print(`  all ${opts.tasks} submitted; waiting for their outcomes`);
    // Every planned outage happens, even when the tasks are quicker.
    await outages;
    let shown = -1;
    await poll(
      async () => {
        const running = await inFlight(bus, ids);
        if (running !== shown) opts.print(`  ${ids.length - running}/${ids.length} ended`);
        shown = running;
        return running === 0;
      },
      2_000,
      900_000,
    );
    stopChaos = true;
    await Promise.all([monkey, outages]);

    const outcomes = await outcomesOf(bus);
    for (const id of ids) {
      const seen = outcomes.get(id) ?? [];
      if (seen.length > 1) figures.duplicates++;
      if (seen[0]?.status === "completed") figures.completed++;
      else if (seen[0]?.status === "failed") {
        figures.failed++;
        figures.reasons.push(seen[0].reason ?? "?");
      } else figures.lost++;
    }
  } finally {
    figures.seconds = (performance.now() - started) / 1000;
    await teams.stop();
    await bus.close().catch(() => {});
    await nats.stop();
    await qdrant.stop();
    if (!process.env.KEEP_CHAOS_DIR) rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

/** Polls `probe` every `everyMs` until it holds (true) or `timeoutMs` passes (false). */
async function poll(probe: () => Promise<boolean>, everyMs: number, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(everyMs))
    if (await probe()) return true;
  return false;
}

async function healthy(bus: Bus): Promise<void> {
  for (const team of TEAMS)
    await waitUntil(
      async () => (await bus.lastMessage<TeamHealth>(`team.${team}.health`).catch(() => null)) !== null,
      `${team} to report healthy`,
      120_000,
    );
}

/** Publishes a task request, retried through a NATS outage (the same message id: stored once). */
async function submit(bus: Bus, description: string): Promise<string> {
  const taskId = randomUUID();
  const request = {
    ...envelope({ sender: { team: "cli", agent: "chaos", instance_id: `chaos-${process.pid}` } }),
    task_id: taskId,
    task: { description, requirements: [], priority: "medium" as const, context: {} },
    requester: { user_id: "chaos" },
  };
  const published = await poll(
    async () =>
      bus.publish("system.task.request", request).then(
        () => true,
        () => false,
      ),
    1_000,
    300_000,
  );
  if (!published) throw new Error(`task request ${taskId} could not be published for 5 minutes`);
  return taskId;
}

/** Tasks of `ids` not ended and announced yet, from KV (read through outages: unknown counts as in flight). */
async function inFlight(bus: Bus, ids: readonly string[]): Promise<number> {
  let running = 0;
  for (const id of ids) {
    const s = await bus
      .getJson<{ status: string; outcome_published?: boolean }>("workflow_state", id)
      .catch(() => undefined);
    if (!s || s.status === "running" || !s.outcome_published) running++;
  }
  return running;
}

/** Every outcome published, by task, read from the SYSTEM stream from its start. */
async function outcomesOf(bus: Bus): Promise<Map<string, Array<{ status: string; reason?: string }>>> {
  const { js } = busInternals(bus);
  const out = new Map<string, Array<{ status: string; reason?: string }>>();
  // One subject per ordered consumer: several filter subjects need nats-server 2.10.
  for (const subject of ["system.task.completed", "system.task.failed"]) {
    const consumer = await js.consumers.get("SYSTEM", { filter_subjects: subject });
    for (;;) {
      const m = await consumer.next({ expires: 2_000 });
      if (!m) break;
      const o = m.json<{ task_id: string; status: string; reason?: string }>();
      out.set(o.task_id, [...(out.get(o.task_id) ?? []), { status: o.status, reason: o.reason }]);
    }
  }
  return out;
}
