import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { envelope, type MessageInput, type Priority, type TaskRequest } from "@flotilla/contracts";
import { startNatsServer, type ServerHandle } from "@flotilla/infra";
import { createLogger } from "@flotilla/log";
import { connectBus, type Bus, type BusOptions } from "../src/index.ts";

export const logger = createLogger({ name: "bus-test", level: process.env.LOG_LEVEL ?? "silent" });

/** A real nats-server with JetStream in a temp dir, for one test file. */
export async function natsFixture(
  port?: number,
): Promise<{ server: ServerHandle; dir: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "flotilla-bus-"));
  const server = await startNatsServer({ dataDir: dir, port });
  return {
    server,
    dir,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Connects a bus and remembers it so `closeAll` can drain it after the tests. */
export function busFactory(url: () => string) {
  const open: Bus[] = [];
  return {
    async bus(opts: Partial<BusOptions> = {}): Promise<Bus> {
      const b = await connectBus({ url: url(), team: "qa", instanceId: `i${open.length}`, logger, ...opts });
      open.push(b);
      return b;
    },
    async closeAll() {
      await Promise.allSettled(open.map((b) => b.close()));
    },
  };
}

export function taskRequest(description = "write a haiku", extra: Partial<TaskRequest> = {}): TaskRequest {
  return {
    ...envelope({ sender: { team: "external", agent: "test", instance_id: "test" } }),
    task: { description, requirements: [], priority: "medium", context: {} },
    requester: { user_id: "tester" },
    ...extra,
  };
}

/** A valid work request on a prioritized subject (qa.test.requested); `label` rides in its description. */
export function testRequest(label: string, priority?: Priority): MessageInput<"qa.test.requested"> {
  const taskId = randomUUID();
  return {
    ...envelope({ sender: { team: "leadership", agent: "test", instance_id: "test" } }),
    task_id: taskId,
    test_scope: { type: "unit", code_locations: [{ object_store: "code_artifacts", key: `${label}/code.json` }] },
    environment: { runtime: "node", dependencies: [], configuration: {} },
    workflow: {
      task_id: taskId,
      step: "test",
      round: 1,
      received_work: [],
      feedback: [],
      may_return: true,
      task_description: label,
      // Left out, the schema's default ("medium") applies.
      ...(priority ? { priority } : {}),
    },
  };
}

type Maybe<T> = T | undefined | null | false;

export async function waitFor<T>(
  what: string,
  probe: () => Promise<Maybe<T>> | Maybe<T>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
