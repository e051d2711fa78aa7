import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectBus, type Bus } from "@flotilla/bus";
import { busInternals } from "@flotilla/bus/internals";
import { submitTask } from "@flotilla/cli";
import { createLogger } from "@flotilla/log";
import type { NatsUser } from "@flotilla/infra";
import { startFleet, type Fleet } from "../support/fleet.ts";

let fleet: Fleet;
const open: Bus[] = [];
const logs = mkdtempSync(join(tmpdir(), "flotilla-auth-"));
const quiet = createLogger({ name: "auth-test", level: "fatal" });

beforeAll(async () => {
  fleet = await startFleet();
}, 180_000);
afterAll(async () => {
  await Promise.all(open.map((bus) => bus.close()));
  await fleet?.stop();
  rmSync(logs, { recursive: true, force: true });
});

/** A connection as one of the generated users; its raw handles act as any program could. */
async function as(user: NatsUser, opts: { logFile?: string } = {}): Promise<Bus> {
  const { password } = fleet.credentials.nats[user];
  const logger = opts.logFile ? createLogger({ name: "auth-test", level: "info", file: opts.logFile }) : quiet;
  const bus = await connectBus({ url: fleet.env.NATS_URL!, team: user, instanceId: "t", logger, user, pass: password });
  open.push(bus);
  return bus;
}
const raw = (bus: Bus) => busInternals(bus);

/** The server's answer to a refused publish, as nats.js passes it on (a JetStream publish fails with it). */
const denied = (subject: string) => `Permissions Violation for Publish to "${subject}"`;

describe("the generated nats-server configuration", () => {
  it("refuses an anonymous connection and a wrong password", async () => {
    const url = fleet.env.NATS_URL!;
    await expect(connectBus({ url, team: "x", instanceId: "t", logger: quiet })).rejects.toThrow(
      /anonymously.*Authorization Violation/i,
    );
    const wrong = connectBus({ url, team: "x", instanceId: "t", logger: quiet, user: "client", pass: "guess" });
    await expect(wrong).rejects.toThrow(/as client.*NATS_PASSWORD/i);
  });

  it("lets the client user request a task, but forge no result, outcome or DLQ entry", async () => {
    const { js } = raw(await as("client"));
    const forged = [
      "devops.deployed",
      "qa.approved",
      "dlq.leadership.handler_failed",
      "system.task.completed",
      "devops.deploy.requested.medium",
    ];
    for (const subject of forged) await expect(js.publish(subject, "{}"), subject).rejects.toThrow(denied(subject));
    await expect(js.publish("system.task.request", "not json")).resolves.toMatchObject({ stream: "SYSTEM" });
  });

  it("keeps the client out of KV workflow_state and the object stores", async () => {
    const client = await as("client");
    const state = await raw(client).kv("workflow_state");
    await expect(state.put("forged", "{}")).rejects.toThrow(denied("$KV.workflow_state.forged"));
    await expect(state.delete("forged")).rejects.toThrow(denied("$KV.workflow_state.forged"));
    await expect(client.objects.put({ object_store: "code_artifacts", key: "forged" }, "x")).rejects.toThrow(
      /object put failed/,
    );
  });

  it("lets a team publish only its own subjects, and only leadership write workflow_state", async () => {
    const devops = raw(await as("devops"));
    await expect(devops.js.publish("qa.approved", "{}")).rejects.toThrow(denied("qa.approved"));
    await expect(devops.js.publish("team.qa.health", "{}")).rejects.toThrow(denied("team.qa.health"));
    const state = await devops.kv("workflow_state");
    await expect(state.put("forged", "{}")).rejects.toThrow(denied("$KV.workflow_state.forged"));
    // Its own: the deploy lock bucket.
    const locks = await devops.kv("deployment_locks");
    await expect(locks.put("auth-test", "{}")).resolves.toBeGreaterThan(0);
    await locks.delete("auth-test");

    const leadership = await raw(await as("leadership")).kv("workflow_state");
    await expect(leadership.put("auth-test", "{}")).resolves.toBeGreaterThan(0);
    await leadership.delete("auth-test");
  });

  it("lets no team read another's inbox", async () => {
    const { nc } = raw(await as("qa"));
    const theirs = nc.subscribe("_INBOX_leadership.>");
    const everyone = nc.subscribe("_INBOX.>");
    await nc.flush();
    expect(String(await theirs.closed)).toContain('Permissions Violation for Subscription to "_INBOX_leadership.>"');
    expect(String(await everyone.closed)).toContain('Permissions Violation for Subscription to "_INBOX.>"');
  });

  it("logs a denied publish with the user and the subject", async () => {
    const file = join(logs, "devops.log");
    const bus = await as("devops", { logFile: file });
    raw(bus).nc.publish("qa.approved", "forged");
    await bus.flush();
    await new Promise((r) => setTimeout(r, 100)); // the status event is asynchronous
    const line = readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.subject === "qa.approved");
    expect(line).toMatchObject({ user: "devops", operation: "publish", msg: "NATS denied publish to qa.approved" });
  });

  it("answers a Qdrant write without the key with 401 (no fake ballot)", async () => {
    const res = await fetch(`${fleet.env.QDRANT_URL}/collections/team_votes/points?wait=true`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ points: [{ id: 1, vector: {}, payload: { forged: true } }] }),
    });
    expect(res.status).toBe(401);
  });

  it("still runs a task the client submits through all five teams", async () => {
    const outcome = await submitTask(await as("client"), "Add a slugify helper", { timeoutMs: 90_000 });
    expect(outcome?.status).toBe("completed");
    for (const team of ["leadership", "development", "qa", "documentation", "devops"])
      expect(readFileSync(join(fleet.dir, `${team}.log`), "utf8")).not.toMatch(/NATS denied/);
  });
});
