import { submitTask, type Outcome } from "@flotilla/cli";
import type { RepoRequest } from "@flotilla/contracts";
import type { Fleet } from "./fleet.ts";

/** Publishes a TaskRequest and resolves with its outcome; fails the test on timeout. */
export async function runTask(
  fleet: Fleet,
  description: string,
  timeoutMs = 90_000,
  repo?: RepoRequest,
): Promise<Outcome> {
  const o = await submitTask(fleet.bus, description, { timeoutMs, repo });
  if (!o) throw new Error(`task "${description}" did not finish in ${timeoutMs} ms`);
  // A failure a test did not expect is read here first.
  if (o.status === "failed") console.warn(`task "${description}" failed: ${o.reason}`);
  return o;
}
