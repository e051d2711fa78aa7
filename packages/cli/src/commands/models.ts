import { providerEnvironment } from "../models/environment.ts";
import { latestBreakerReports } from "../models/breakers.ts";
import { fleetView } from "../models/fleet.ts";
import { renderFleet } from "../models/render.ts";
import { DECLARED_TEAMS } from "../models/rosters.ts";
import { out } from "../say.ts";

/**
 * `flotilla models`: whether the fleet runs simulated or on which providers, every agent's
 * model and fallback chain (with which link would serve first), and — when NATS answers —
 * each team's latest circuit-breaker change. Keys are named by variable, never shown.
 * Exits 1 only when a roster variable does not parse (the team could not start).
 */
export async function runModels(opts: { json?: boolean }): Promise<number> {
  const env = process.env;
  const penv = await providerEnvironment(env);
  const breakers = await latestBreakerReports(DECLARED_TEAMS.map((t) => t.name));
  const view = fleetView(env, penv, DECLARED_TEAMS, breakers);
  if (opts.json) out(JSON.stringify(view, null, 2));
  else for (const line of renderFleet(view)) out(line);
  return view.teams.some((t) => t.error) ? 1 : 0;
}
