import { cliBus } from "../connect.ts";
import { startDashboardProcess } from "../dashboard-process.ts";
import { ensureFleetCollections } from "../fleet-collections.ts";
import { watchHealth } from "../health-watch.ts";
import { startInfra } from "../infra-commands.ts";
import { instanceCounts, instancePlan } from "../instances.ts";
import { instancesBeyond, startInstances } from "../up-instances.ts";
import { note, out } from "../say.ts";

// Bounded, but generous: on a loaded two-core machine five teams take many seconds to load.
const HEALTHY_TIMEOUT_MS = 120_000;

export interface UpFlags {
  /** `team=count[,team=count…]`, on top of FLOTILLA_INSTANCES. */
  instances?: string;
}

/**
 * `flotilla up`: NATS + Qdrant, then every instance of the enabled teams, all detached; returns
 * once each has reported healthy, printing how long that took. Returns the exit code.
 */
export async function runUp(opts: UpFlags = {}): Promise<number> {
  const began = performance.now();
  // A bad --instances or FLOTILLA_INSTANCES stops us before anything starts.
  const plan = instancePlan(instanceCounts(opts.instances));
  const started = await startInfra();
  out(started.length ? `started ${started.join(", ")}` : "NATS and Qdrant already answer");
  // As admin: it provisions the streams the teams' own users may only check, then hears them report.
  const bus = await cliBus();
  const watch = await watchHealth(bus);
  const collections = ensureFleetCollections();
  // Beside the teams, not after them: `up` returns when both are up.
  const dashboard = startDashboardProcess();
  const outcomes = await startInstances(plan, watch, { began, timeoutMs: HEALTHY_TIMEOUT_MS });
  const healthyMs = performance.now() - began;
  watch.stop();
  await bus.close();
  for (const o of outcomes) out(`${o.instance.name}: ${o.line}`);
  const problem = await collections;
  if (problem) note(`could not create the Qdrant collections yet (each team retries on first use): ${problem}`);
  const failed = outcomes.filter((o) => !o.ok).map((o) => o.instance.name);
  const teams = new Set(plan.map((i) => i.team)).size;
  const fleet = `${teams} team${teams === 1 ? "" : "s"} (${plan.length} instance${plan.length === 1 ? "" : "s"})`;
  if (failed.length) out(`not healthy: ${failed.join(", ")}`);
  else if (outcomes.every((o) => !o.started)) out(`${fleet} already running`);
  else out(`${fleet} healthy in ${(healthyMs / 1000).toFixed(1)} s`);
  const beyond = instancesBeyond(plan);
  if (beyond.length) note(`also running, beyond the instances asked for: ${beyond.join(", ")} (\`down\` stops them)`);
  const { ok, line } = await dashboard;
  out(`dashboard: ${line}`);
  return failed.length === 0 && ok ? 0 : 1;
}
