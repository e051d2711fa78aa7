import { randomUUID } from "node:crypto";
import { loadConfig, parseInstances, type InstanceCounts } from "@flotilla/config";
import { TEAMS, teamEnabled, type Team } from "./paths.ts";

/** One process of a team that `up` runs; every instance of a team shares its durable consumers. */
export interface Instance {
  team: Team;
  /** 1, 2, … within the team. */
  index: number;
  /** Its pid file and log name: the team's name for the first (as before instances), `<team>-<n>` after. */
  name: string;
}

export const instanceName = (team: Team, index: number): string => (index === 1 ? team : `${team}-${index}`);

/** The team an instance name (a pid file's) belongs to, or undefined for a server or the dashboard. */
export function teamOfInstance(name: string): Team | undefined {
  const match = /^([a-z]+)(?:-\d+)?$/.exec(name);
  return TEAMS.find((team) => team === match?.[1]);
}

/**
 * A fresh FLOTILLA_INSTANCE_ID: the name plus a random part, so a restarted instance is never
 * taken for the one before it (health reports, repository locks name the instance).
 */
export const newInstanceId = (name: string): string => `${name}-${randomUUID().slice(0, 8)}`;

/**
 * How many of each team to run: FLOTILLA_INSTANCES, then `--instances` team by team on top (both
 * `team=count[,team=count…]`; a team named in neither runs one). A bad flag throws naming it.
 */
export function instanceCounts(flag?: string): InstanceCounts {
  const fromEnv = parseInstances(loadConfig().FLOTILLA_INSTANCES, "FLOTILLA_INSTANCES");
  return { ...fromEnv, ...(flag === undefined ? {} : parseInstances(flag, "--instances")) };
}

/** Every instance of every enabled team, in team order. */
export function instancePlan(counts: InstanceCounts, teams: readonly Team[] = TEAMS.filter(teamEnabled)): Instance[] {
  return teams.flatMap((team) =>
    Array.from({ length: counts[team] ?? 1 }, (_, i) => ({ team, index: i + 1, name: instanceName(team, i + 1) })),
  );
}
