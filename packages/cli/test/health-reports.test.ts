import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectBus, type Bus } from "@flotilla/bus";
import { envelope, stoppedSince, subjects, TEAM_STOPPED, type MessageInput } from "@flotilla/contracts";
import { startNatsServer, type ServerHandle } from "@flotilla/infra";
import { createLogger } from "@flotilla/log";
import { recentHealth, recentStops, reportsUp } from "../src/health-reports.ts";

const INTERVAL = 1_000;
let dir: string;
let server: ServerHandle;
let bus: Bus;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "flotilla-health-"));
  server = await startNatsServer({ dataDir: dir });
  bus = await connectBus({
    url: server.url,
    team: "leadership",
    instanceId: "cli-test",
    logger: createLogger({ name: "health-test", level: "silent" }),
  });
  await bus.provision();
});
afterAll(async () => {
  await bus?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const sender = (instance: string) => ({ sender: { team: "qa", agent: "runtime", instance_id: instance } });

const report = (instance: string): MessageInput<"team.x.health"> => ({
  ...envelope(sender(instance)),
  team: "qa",
  instance_id: instance,
  status: "healthy",
  started_at: new Date().toISOString(),
  metrics: { active_tasks: 0, handled: 0, failed: 0, average_processing_time_ms: 0, error_rate: 0, rss_bytes: 1 },
  agents_status: [],
  simulated: true,
});

const said = (instance: string, status: string) =>
  bus.publish(subjects.status("qa"), {
    ...envelope(sender(instance)),
    team: "qa",
    instance_id: instance,
    status,
    detail: "test",
  });

describe("what the CLI reads of a team's reports", () => {
  it("counts a team as up by a recent report until the instance that sent it says it stopped", async () => {
    expect(await reportsUp(bus, "qa", INTERVAL)).toBe(false); // never reported
    await bus.publish(subjects.health("qa"), report("qa-a"));
    expect(await reportsUp(bus, "qa", INTERVAL)).toBe(true);
    await said("qa-a", "blocked"); // any other status leaves it up
    expect(await reportsUp(bus, "qa", INTERVAL)).toBe(true);
    await said("qa-a", TEAM_STOPPED);
    expect(await reportsUp(bus, "qa", INTERVAL)).toBe(false);
    // Another instance reporting afterwards is up: the word was not its own.
    await bus.publish(subjects.health("qa"), report("qa-b"));
    expect(await reportsUp(bus, "qa", INTERVAL)).toBe(true);
  });

  it("lists each instance's latest report, and when the stopped ones said so", async () => {
    const reports = await recentHealth(bus, "qa", 3 * INTERVAL);
    expect(reports.map((r) => r.instance_id).sort()).toEqual(["qa-a", "qa-b"]);
    const stops = await recentStops(bus, "qa", 3 * INTERVAL);
    expect([...stops.keys()]).toEqual(["qa-a"]);
    expect(
      stoppedSince(
        reports.find((r) => r.instance_id === "qa-a")!,
        stops.get("qa-a"),
      ),
    ).toBe(true);
    expect(
      stoppedSince(
        reports.find((r) => r.instance_id === "qa-b")!,
        stops.get("qa-a"),
      ),
    ).toBe(false);
  });

  it("does not count a report older than three intervals", async () => {
    await new Promise((r) => setTimeout(r, 3 * INTERVAL + 200));
    expect(await reportsUp(bus, "qa", INTERVAL)).toBe(false);
  });
});
