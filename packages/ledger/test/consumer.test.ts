import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectBus, type Bus } from "@flotilla/bus";
import { envelope, subjects, type MessageInput } from "@flotilla/contracts";
import { startNatsServer, waitUntil, type ServerHandle } from "@flotilla/infra";
import { createLogger } from "@flotilla/log";
import { foldInto, listLedgers, readLedger, startLedgerConsumer } from "../src/index.ts";

const logger = createLogger({ name: "ledger-test", level: "silent" });
let dir: string;
let server: ServerHandle;
const buses: Bus[] = [];

/** A leadership instance's bus (the durable is leadership's), or a team's that publishes calls. */
async function bus(team = "leadership"): Promise<Bus> {
  const b = await connectBus({
    url: server.url,
    team,
    instanceId: `${team}-${buses.length}`,
    logger,
    ackWaitMs: 2_000,
  });
  buses.push(b);
  return b;
}

beforeAll(async () => {
  // Its own server: the durable and the bucket are the fleet's names, not this file's.
  dir = mkdtempSync(join(tmpdir(), "flotilla-ledger-"));
  server = await startNatsServer({ dataDir: dir });
  await (await bus()).provision();
});
afterAll(async () => {
  await Promise.allSettled(buses.map((b) => b.close()));
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

function metrics(taskId: string | undefined, agent = "coder"): MessageInput<`metrics.agent.${string}.${string}`> {
  return {
    ...envelope({ sender: { team: "development", agent, instance_id: "dev-1" } }),
    team: "development",
    agent,
    provider: "openai",
    model: "gpt-x",
    simulated: false,
    task_id: taskId,
    step: "implement",
    kind: "draft",
    latency_ms: 12,
    input_tokens: 11,
    output_tokens: 7,
    retries: 0,
    fallbacks: 0,
    ok: true,
  };
}

const publishCalls = (publisher: Bus, taskId: string, n: number) =>
  Promise.all(
    Array.from({ length: n }, (_, i) =>
      publisher.publish(subjects.agentMetrics("development", `agent${i % 3}`), metrics(taskId, `agent${i % 3}`)),
    ),
  );

const callsOf = async (reader: Bus, taskId: string, n: number) => {
  await waitUntil(
    async () => (await readLedger(reader, taskId))?.totals.calls === n,
    `${n} calls of ${taskId}`,
    20_000,
  );
  return (await readLedger(reader, taskId))!;
};

describe("the ledger consumer", () => {
  it("folds every call of a task, with two instances sharing the durable and writing the same key", async () => {
    const [a, b, dev] = [await bus(), await bus(), await bus("development")];
    const subs = [await startLedgerConsumer(a, logger), await startLedgerConsumer(b, logger)];
    const taskId = randomUUID();
    await publishCalls(dev, taskId, 60);
    const ledger = await callsOf(a, taskId, 60);
    expect(ledger.totals).toMatchObject({ calls: 60, ok: 60, input_tokens: 660, output_tokens: 420 });
    expect(ledger.lines.map((l) => [l.agent, l.calls]).sort()).toEqual([
      ["agent0", 20],
      ["agent1", 20],
      ["agent2", 20],
    ]);
    await Promise.all(subs.map((s) => s.stop()));
  });

  it("resumes where it stopped: calls published while no consumer runs are folded when one starts", async () => {
    const [lead, dev] = [await bus(), await bus("development")];
    const taskId = randomUUID();
    await publishCalls(dev, taskId, 5);
    await dev.publish(subjects.agentMetrics("development", "coder"), metrics(undefined));
    const sub = await startLedgerConsumer(lead, logger);
    expect((await callsOf(lead, taskId, 5)).totals.input_tokens).toBe(55);
    const day = `untasked-${new Date().toISOString().slice(0, 10)}`;
    await waitUntil(async () => (await readLedger(lead, day))?.totals.calls === 1, "the untasked call", 10_000);
    await sub.stop();
  });

  it("takes a burst of calls in a few pulls and folds it in a few writes, not one of each per call", async () => {
    const ops: string[] = [];
    const lead = await connectBus({
      url: server.url,
      team: "leadership",
      instanceId: "leadership-metered",
      logger,
      ackWaitMs: 2_000,
      meter: (op, target) => void ops.push(`${op} ${target}`),
    });
    buses.push(lead);
    const dev = await bus("development");
    const taskId = randomUUID();
    const sub = await startLedgerConsumer(lead, logger);
    await publishCalls(dev, taskId, 40);
    expect((await callsOf(lead, taskId, 40)).totals.calls).toBe(40);
    await sub.stop();
    expect(ops.filter((op) => op === "kv.update ledger").length).toBeLessThan(10);
    expect(ops.filter((op) => op.startsWith("pull ")).length).toBeLessThan(20);
  });

  it("counts a message folded twice (an ack lost after the write) once", async () => {
    const lead = await bus();
    const m = { ...metrics(randomUUID()), timestamp: new Date().toISOString() };
    await foldInto(lead, m);
    await foldInto(lead, m);
    expect((await readLedger(lead, m.task_id!))?.totals.calls).toBe(1);
  });

  it("lists the most recently active tasks first, up to the limit", async () => {
    const lead = await bus();
    const [older, newer] = [randomUUID(), randomUUID()];
    await foldInto(lead, { ...metrics(older), timestamp: "2099-01-01T00:00:00.000Z" });
    await foldInto(lead, { ...metrics(newer), timestamp: "2099-01-02T00:00:00.000Z" });
    expect((await listLedgers(lead, 2)).map((l) => l.key)).toEqual([newer, older]);
    expect(await readLedger(lead, randomUUID())).toBeUndefined();
  });

  it("validates a record another process wrote, and trusts only its own", async () => {
    const [lead, other] = [await bus(), await bus()];
    const taskId = randomUUID();
    await other.putJson("ledger", taskId, { key: taskId, lines: "not a list" });
    // Read from the server: validated, so it is refused rather than folded into.
    await expect(foldInto(lead, metrics(taskId))).rejects.toThrow(/does not parse as a LedgerRecord/);
    const mine = randomUUID();
    await foldInto(lead, metrics(mine));
    expect((await foldInto(lead, metrics(mine))).lines[0]!.calls).toBe(2);
  });
});
