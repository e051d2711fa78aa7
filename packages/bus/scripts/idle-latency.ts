/**
 * Publish → handler-start latency on an idle consumer: the orchestration overhead a task pays at
 * each hand-over when no model is slow. Starts its own nats-server.
 *
 *   node --import tsx packages/bus/scripts/idle-latency.ts [samples]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { envelope, PRIORITIES, type MessageInput, type Priority } from "@flotilla/contracts";
import { startNatsServer } from "@flotilla/infra";
import { createLogger } from "@flotilla/log";
import { connectBus, type Bus } from "../src/index.ts";

const samples = Number(process.argv[2] ?? 200);
const sender = { team: "leadership", agent: "bench", instance_id: "bench" };
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const taskRequest = (): MessageInput<"system.task.request"> => ({
  ...envelope({ sender }),
  task: { description: "latency", requirements: [], priority: "medium", context: {} },
  requester: { user_id: "bench" },
});

const testRequest = (priority: Priority) => (): MessageInput<"qa.test.requested"> => ({
  ...envelope({ sender }),
  task_id: randomUUID(),
  test_scope: { type: "unit", code_locations: [{ object_store: "code_artifacts", key: "t/code.json" }] },
  environment: { runtime: "node", dependencies: [], configuration: {} },
  workflow: { task_id: randomUUID(), step: "test", priority, task_description: "latency" },
});

/** Median and tail of publish → handler start, each publish after 20 ms of idleness. */
async function measure<S extends "system.task.request" | "qa.test.requested">(
  publisher: Bus,
  consumer: Bus,
  subject: S,
  make: () => MessageInput<S>,
  name: string,
) {
  const started = new Map<string, number>();
  let waiting: (() => void) | undefined;
  const sub = await consumer.consume({
    subject,
    concurrency: 4,
    handler: async (message) => {
      started.set(message.message_id, performance.now());
      waiting?.();
    },
  });
  const latencies: number[] = [];
  for (let i = 0; i < samples + 10; i++) {
    await sleep(20);
    const message = make();
    const handled = new Promise<void>((r) => (waiting = r));
    const t0 = performance.now();
    await publisher.publish(subject, message);
    await handled;
    if (i >= 10) latencies.push(started.get(message.message_id)! - t0); // the first ones warm up
  }
  await sub.stop();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(3);
  console.log(`${name.padEnd(26)} n=${latencies.length} median=${at(0.5)} ms p90=${at(0.9)} ms p99=${at(0.99)} ms`);
}

const dir = mkdtempSync(join(tmpdir(), "flotilla-latency-"));
const server = await startNatsServer({ dataDir: dir });
const logger = createLogger({ name: "latency", level: "silent" });
const publisher = await connectBus({ url: server.url, team: "leadership", instanceId: "pub", logger });
const consumer = await connectBus({ url: server.url, team: "qa", instanceId: "sub", logger });
try {
  await publisher.provision();
  await measure(publisher, consumer, "system.task.request", taskRequest, "system.task.request");
  for (const priority of PRIORITIES) {
    await measure(publisher, consumer, "qa.test.requested", testRequest(priority), `qa.test.requested ${priority}`);
  }
} finally {
  await consumer.close();
  await publisher.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
