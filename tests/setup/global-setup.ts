import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isAlive, startNatsServer, startQdrant, stopPid, waitUntil, type ServerHandle } from "@flotilla/infra";
import type { TestProject } from "vitest/node";

/**
 * Starts one real nats-server and one real Qdrant for the whole test run, on free loopback
 * ports with data in a fresh temp dir, so tests never touch a developer's running fleet or
 * each other's leftovers. Returns the teardown that stops both and removes the data.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), "flotilla-test-"));
  const results = await Promise.allSettled([
    startNatsServer({ dataDir: join(dir, "nats") }),
    startQdrant({ dataDir: join(dir, "qdrant") }),
  ]);
  const started = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
  const teardown = async () => {
    // The data is thrown away, so no graceful shutdown: Qdrant's takes ~4 s on SIGTERM.
    await Promise.all(started.map((s: ServerHandle) => stopPid(s.pid, 200)));
    await waitUntil(async () => started.every((s) => !isAlive(s.pid)), "test servers to exit", 5_000);
    rmSync(dir, { recursive: true, force: true });
  };
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) {
    await teardown();
    throw failed.reason;
  }
  const [nats, qdrant] = started as [ServerHandle, ServerHandle];
  project.provide("natsUrl", nats.url);
  project.provide("qdrantUrl", qdrant.url);
  // Also via the environment, so code that reads its config from NATS_URL/QDRANT_URL (as the
  // teams do) finds the test servers without each test wiring them in. Workers are forked
  // after this runs and inherit it.
  process.env.NATS_URL = nats.url;
  process.env.QDRANT_URL = qdrant.url;
  return teardown;
}
