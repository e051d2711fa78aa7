import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { z } from "zod";
import { connectBus, type Bus } from "@flotilla/bus";
import { loadConfig } from "@flotilla/config";
import { createLogger } from "@flotilla/log";
import { subjects, type CircuitBreakerStateChanged } from "@flotilla/contracts";
import { PROVIDERS, resolveModel } from "@flotilla/models";
import { wireModels } from "../src/model-wiring.ts";
import { answer, httpError, startFakeOpenAI, type FakeOpenAI } from "@flotilla/models/testing";

/**
 * wireModels builds the model environment from process.env and publishes every breaker
 * transition on circuit_breaker.<team>.state_changed. Seen here as a dependant sees it: on a
 * real NATS, while an agent's calls fail against a fake OpenAI and then recover.
 */

const logger = createLogger({ name: "breaker-events-test", level: "silent" });
const RECOVERY_MS = 200;
const instanceId = `breaker-events-${randomUUID().slice(0, 8)}`;
// A model name of its own, so another test's breakers on the same subject cannot be mistaken for ours.
const model = `gpt-breaker-${randomUUID().slice(0, 8)}`;

let bus: Bus;
let openai: FakeOpenAI;
const saved = new Map<string, string | undefined>();
const chatRequests = () => openai.requests.filter((r) => r.path.endsWith("/chat/completions")).length;

/** Only the fake OpenAI is configured, whatever the developer's shell holds. */
function pointOpenAIAt(url: string): void {
  const mine = (k: string) =>
    Object.values(PROVIDERS).some((p) => k === p.baseUrlVariable || (p.keyVariable && k.startsWith(p.keyVariable)));
  for (const k of Object.keys(process.env).filter(mine)) {
    saved.set(k, process.env[k]);
    delete process.env[k];
  }
  for (const [k, v] of [
    ["OPENAI_API_KEY", "sk-test-breaker-events-0123456789"],
    ["OPENAI_BASE_URL", `${url}/v1`],
  ] as const) {
    if (!saved.has(k)) saved.set(k, process.env[k]);
    process.env[k] = v;
  }
}

function restoreEnv(): void {
  for (const [k, v] of saved) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

beforeAll(async () => {
  bus = await connectBus({ url: inject("natsUrl"), team: "qa", instanceId, logger });
  await bus.provision();
  openai = await startFakeOpenAI();
  pointOpenAIAt(openai.url);
});
afterAll(async () => {
  restoreEnv();
  await openai?.close();
  await bus?.close();
});

describe("wireModels: breaker state changes on NATS", () => {
  it("publishes OPEN after failing calls, then HALF_OPEN and CLOSED once the provider recovers", async () => {
    const seen: CircuitBreakerStateChanged[] = [];
    const watch = bus.watch(subjects.breaker("qa"), (_subject, m) => {
      const msg = m as CircuitBreakerStateChanged;
      if (msg.breaker === `openai/${model}`) seen.push(msg);
    });
    await bus.flush(); // the subscription is in place before anything is published
    try {
      const config = loadConfig({
        FLOTILLA_PROVIDER: "auto",
        MODEL_MAX_RETRIES: "0",
        MODEL_RETRY_BASE_MS: "10",
        MODEL_TIMEOUT_MS: "2000",
        BREAKER_RECOVERY_MS: String(RECOVERY_MS),
      });
      const menv = await wireModels("qa", instanceId, config, bus, logger);
      expect(menv.simulated).toBe(false);
      const agent = resolveModel({ provider: "openai", model, fallbacks: [] }, menv);
      const ask = () =>
        agent.generate({
          system: "s",
          prompt: "p",
          schema: z.object({ ok: z.boolean() }),
          schemaName: "Check",
          context: { team: "qa", agent: "tester", role: "r", kind: "draft", step: "test", taskText: "t" },
        });

      openai.fallback(httpError(500, { type: "server_error" }));
      // Whether the call then fails or a local Ollama (probed by wireModels) serves it does not matter here.
      for (let i = 1; i <= 3; i++) {
        await ask().catch(() => undefined);
        expect(chatRequests()).toBe(i); // MODEL_MAX_RETRIES=0 reached the chain
      }
      await vi.waitFor(() => expect(seen.map((m) => m.circuit_breaker_state)).toEqual(["OPEN"]), { timeout: 5_000 });
      expect(seen[0]).toMatchObject({
        team: "qa",
        sender: { team: "qa", agent: "runtime", instance_id: instanceId },
        affected_capabilities: [`model openai/${model}`],
      });
      expect(seen[0]!.estimated_recovery_time_ms).toBeLessThanOrEqual(RECOVERY_MS);

      await sleep(RECOVERY_MS + 20);
      openai.fallback(answer('{"ok":true}'));
      // SPEC §10: two successful trial calls close the circuit.
      for (let i = 0; i < 2; i++) expect((await ask()).served).toEqual({ provider: "openai", model });
      await vi.waitFor(
        () => expect(seen.map((m) => m.circuit_breaker_state)).toEqual(["OPEN", "HALF_OPEN", "CLOSED"]),
        { timeout: 5_000 },
      );
      expect(seen.every((m) => m.breaker === `openai/${model}` && m.team === "qa")).toBe(true);
      expect(chatRequests()).toBe(5);
    } finally {
      watch.stop();
    }
  });
});
