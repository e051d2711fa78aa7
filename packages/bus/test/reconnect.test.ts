import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startNatsServer, type ServerHandle } from "@flotilla/infra";
import type { Bus } from "../src/index.ts";
import { busInternals } from "../src/internals.ts";
import { busFactory, taskRequest, testRequest, waitFor } from "./helpers.ts";

const dir = mkdtempSync(join(tmpdir(), "flotilla-bus-reconnect-"));
let port: number;
let server: ServerHandle;
const buses = busFactory(() => `nats://127.0.0.1:${port}`);

beforeAll(async () => {
  port = await freePort();
  server = await startNatsServer({ dataDir: dir, port });
});
afterAll(async () => {
  await buses.closeAll();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** One short probe: true once the client is back and JetStream answers. */
const jetStreamAnswers = (bus: Bus) =>
  busInternals(bus)
    .nc.request("$JS.API.INFO", "", { timeout: 300 })
    .then(
      () => true,
      () => false,
    );

describe("reconnect", () => {
  it("keeps consuming after nats-server restarts", async () => {
    const bus = await buses.bus();
    await bus.provision();
    const got: string[] = [];
    const sub = await bus.consume({
      subject: "system.task.request",
      durable: "survivor",
      handler: async (m) => void got.push(m.task.description),
    });
    await bus.publish("system.task.request", taskRequest("before"));
    await waitFor("first message", () => got.length === 1);

    await server.stop();
    server = await startNatsServer({ dataDir: dir, port }); // same port and JetStream store
    // Wait (with short probes) until the client is back and JetStream answers, then publish.
    await waitFor("JetStream after restart", () => jetStreamAnswers(bus), 15_000);
    await bus.publish("system.task.request", taskRequest("after"));
    await waitFor("message after restart", () => got.length === 2, 15_000);
    expect(got).toEqual(["before", "after"]);
    await sub.stop();
  }, 30_000);

  it("keeps taking prioritized work after nats-server restarts", async () => {
    const bus = await buses.bus();
    await bus.provision();
    const got: string[] = [];
    const sub = await bus.consume({
      subject: "qa.test.requested",
      handler: async (m) => void got.push(m.workflow.task_description),
    });
    await bus.publish("qa.test.requested", testRequest("before", "low"));
    await waitFor("first request", () => got.length === 1);

    await server.stop();
    server = await startNatsServer({ dataDir: dir, port });
    await waitFor("JetStream after restart", () => jetStreamAnswers(bus), 15_000);
    await bus.publish("qa.test.requested", testRequest("after", "high"));
    await waitFor("request after restart", () => got.length === 2, 15_000);
    expect(got).toEqual(["before", "after"]);
    await sub.stop();
  }, 30_000);

  it("re-creates its consumer when someone deletes it", async () => {
    const bus = await buses.bus();
    await bus.provision();
    const got: string[] = [];
    const sub = await bus.consume({
      subject: "system.task.request",
      durable: "deleted",
      handler: async (m) => void got.push(m.task.description),
    });
    const { jsm } = busInternals(bus);
    await jsm.consumers.delete("SYSTEM", "deleted");
    // nats-server 2.9 does not tell waiting pulls; two missed idle heartbeats (5 s each) do.
    await waitFor(
      "consumer re-created",
      () =>
        jsm.consumers.info("SYSTEM", "deleted").then(
          () => true,
          () => false,
        ),
      25_000,
    );
    await bus.publish("system.task.request", taskRequest("after delete"));
    await waitFor("message after delete", () => got.length === 1, 5_000);
    expect(got).toEqual(["after delete"]);
    await sub.stop();
  }, 40_000);
});
