import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startNatsServer, type ServerHandle } from "@flotilla/infra";
import { connectBus, type Bus } from "@flotilla/bus";
import { createLogger } from "@flotilla/log";
import { withRepoLock } from "../src/repo-lock.ts";

const dir = mkdtempSync(join(tmpdir(), "flotilla-lock-"));
let nats: ServerHandle;
const buses: Bus[] = [];

beforeAll(async () => {
  nats = await startNatsServer({ dataDir: join(dir, "nats") });
  const logger = createLogger({ name: "lock-test", level: "warn" });
  for (const id of ["devops-a", "devops-b"])
    buses.push(await connectBus({ url: nats.url, team: "devops", instanceId: id, logger }));
  await buses[0]!.provision();
}, 60_000);
afterAll(async () => {
  await Promise.all(buses.map((b) => b.close()));
  await nats?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("the deploy lock of a repository (KV deployment_locks)", () => {
  it("lets one devops instance deliver to a repository at a time, and another repository meanwhile", async () => {
    const spans: Array<{ who: string; repo: string; from: number; to: number }> = [];
    const hold = (bus: Bus, who: string, repo: string) =>
      withRepoLock(bus, repo, who, async () => {
        const from = performance.now();
        await sleep(300);
        spans.push({ who, repo, from, to: performance.now() });
      });
    await Promise.all([
      hold(buses[0]!, "devops-a", "/repos/app"),
      hold(buses[1]!, "devops-b", "/repos/app"),
      hold(buses[1]!, "devops-b2", "/repos/other"),
    ]);
    const app = spans.filter((s) => s.repo === "/repos/app").sort((a, b) => a.from - b.from);
    expect(app).toHaveLength(2);
    expect(app[1]!.from).toBeGreaterThanOrEqual(app[0]!.to);
    // The other repository did not wait for either.
    const other = spans.find((s) => s.repo === "/repos/other")!;
    expect(other.from).toBeLessThan(app[0]!.to);
  });

  it("is released when the work fails, and a holder that died is outlived by its time limit", async () => {
    await expect(
      withRepoLock(buses[0]!, "/repos/fails", "devops-a", async () => {
        throw new Error("commit failed");
      }),
    ).rejects.toThrow("commit failed");
    await withRepoLock(buses[1]!, "/repos/fails", "devops-b", async () => {}, { waitMs: 1_000 });

    // devops-a takes the lock with a short time limit and "dies" (never releases it).
    let release!: () => void;
    const dead = withRepoLock(buses[0]!, "/repos/crash", "devops-a", () => new Promise<void>((r) => (release = r)), {
      ttlMs: 500,
    });
    await sleep(100);
    const started = performance.now();
    await withRepoLock(buses[1]!, "/repos/crash", "devops-b", async () => {}, { waitMs: 5_000 });
    expect(performance.now() - started).toBeGreaterThan(250);
    release();
    await dead;
  });
});
