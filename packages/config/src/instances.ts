import { z } from "zod";
import { TEAMS, type TeamName } from "@flotilla/contracts";

/** How many instances of each team to run; a team left out runs one. */
export type InstanceCounts = Partial<Record<TeamName, number>>;

/** More than this on one machine only adds contention; a typo (`=30`) should not start 30 processes. */
export const MAX_INSTANCES = 16;

/** The counts `text` gives, or why it is not `team=count[,team=count…]` (empty: one of each). */
function read(text: string): InstanceCounts | string {
  const counts: InstanceCounts = {};
  for (const part of text.split(",").map((p) => p.trim())) {
    if (part === "") continue;
    const match = /^([a-z]+)\s*=\s*(\S+)$/i.exec(part);
    if (!match) return `"${part}" is not team=count (e.g. development=3,qa=2)`;
    const [, name = "", count = ""] = match;
    const team = TEAMS.find((t) => t === name.toLowerCase());
    if (!team) return `unknown team "${name}" (expected one of ${TEAMS.join(", ")})`;
    if (!/^\d+$/.test(count) || Number(count) < 1 || Number(count) > MAX_INSTANCES)
      return `${team} needs a whole number of instances from 1 to ${MAX_INSTANCES}, not "${count}"`;
    if (counts[team] !== undefined) return `${team} is named twice`;
    counts[team] = Number(count);
  }
  return counts;
}

/** Why `text` does not parse as instance counts, or undefined when it does. */
export function instancesProblem(text: string): string | undefined {
  const counts = read(text);
  return typeof counts === "string" ? counts : undefined;
}

/** FLOTILLA_INSTANCES in the config schema: kept as text (its default shows as empty), checked here. */
export const instancesVariable = z
  .string()
  .trim()
  .default("")
  .superRefine((text, ctx) => {
    const problem = instancesProblem(text);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/**
 * Parses `team=count[,team=count…]`, the syntax of FLOTILLA_INSTANCES and `up --instances`.
 * Throws an Error whose message starts with `source`, so it names the variable or the flag.
 *
 * @example
 * parseInstances("development=3, qa=2", "--instances"); // { development: 3, qa: 2 }
 */
export function parseInstances(text: string, source: string): InstanceCounts {
  const counts = read(text);
  if (typeof counts === "string") throw new Error(`${source}=${JSON.stringify(text)}: ${counts}`);
  return counts;
}
