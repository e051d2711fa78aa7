import { readFileSync } from "node:fs";
import { cpus } from "node:os";

/**
 * The machine's load averages, said beside figures taken while other work may run (tests,
 * other benches): a figure from a loaded machine is not one from an idle one.
 */
export function loadLine(): string {
  const [one = "?", five = "?"] = readFileSync("/proc/loadavg", "utf8").split(" ");
  return `load ${one} (1 min), ${five} (5 min) on ${cpus().length} cores`;
}
