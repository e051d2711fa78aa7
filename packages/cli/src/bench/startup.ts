import type { Bus } from "@flotilla/bus";
import { startLocalFleet } from "../local-fleet.ts";
import { out } from "../say.ts";
import { loadLine } from "./load.ts";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/**
 * Start-up: NATS and Qdrant running, no team process → every enabled team healthy (its first
 * health report, sent once its consumers are subscribed), `runs` times; prints each and the
 * median. The same wait as `up`, without the CLI's own start.
 */
export async function benchStartup(bus: Bus, env: NodeJS.ProcessEnv, runs: number): Promise<number[]> {
  const times: number[] = [];
  let teams = 0;
  for (let i = 1; i <= runs; i++) {
    const fleet = await startLocalFleet(bus, env, `bench-startup-${i}`);
    times.push(fleet.healthyMs);
    teams = fleet.procs.size;
    await fleet.stop();
  }
  const each = times.map((ms) => (ms / 1000).toFixed(2)).join(", ");
  out(
    `start-up: teams stopped → ${teams} teams healthy in ${(median(times) / 1000).toFixed(2)} s ` +
      `(median of ${runs}: ${each} s; ${loadLine()})`,
  );
  return times;
}
